// Loads an exported MlNetPositional model with ONNX Runtime's Node.js binding and prints its
// outputs as JSON: node run-model.js [--pad left|right] MODEL.onnx "3 5 7" "9" ...
// Rows are padded to the longest with id 0 on the right (default) or on the left.
const ort = require('onnxruntime-node');

async function main() {
  let args = process.argv.slice(2);
  let pad = 'right';
  if (args[0] === '--pad') {
    pad = args[1];
    args = args.slice(2);
  }
  const [modelPath, ...rows] = args;
  const sequences = rows.map(row => row.trim().split(/\s+/).map(Number));
  const length = Math.max(...sequences.map(s => s.length));
  const batch = sequences.length;
  const ids = new BigInt64Array(batch * length);
  const mask = new BigInt64Array(batch * length);
  sequences.forEach((sequence, r) => {
    const start = pad === 'left' ? length - sequence.length : 0;
    sequence.forEach((id, t) => {
      ids[r * length + start + t] = BigInt(id);
      mask[r * length + start + t] = 1n;
    });
  });

  const session = await ort.InferenceSession.create(modelPath);
  const outputs = await session.run({
    input_ids: new ort.Tensor('int64', ids, [batch, length]),
    attention_mask: new ort.Tensor('int64', mask, [batch, length]),
  });
  console.log(JSON.stringify({
    embeddings: { dims: outputs.embeddings.dims, data: Array.from(outputs.embeddings.data) },
    pooled: { dims: outputs.pooled.dims, data: Array.from(outputs.pooled.data) },
  }));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
