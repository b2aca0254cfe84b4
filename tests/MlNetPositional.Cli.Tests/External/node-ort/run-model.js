// Loads an exported MlNetPositional model with ONNX Runtime's Node.js binding and prints its
// outputs as JSON: node run-model.js MODEL.onnx "3 5 7" "9" ...
const ort = require('onnxruntime-node');

async function main() {
  const [modelPath, ...rows] = process.argv.slice(2);
  const sequences = rows.map(row => row.trim().split(/\s+/).map(Number));
  const length = Math.max(...sequences.map(s => s.length));
  const batch = sequences.length;
  const ids = new BigInt64Array(batch * length);
  const mask = new BigInt64Array(batch * length);
  sequences.forEach((sequence, r) => sequence.forEach((id, t) => {
    ids[r * length + t] = BigInt(id);
    mask[r * length + t] = 1n;
  }));

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
