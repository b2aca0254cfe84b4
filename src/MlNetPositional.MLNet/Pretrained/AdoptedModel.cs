using MlNetPositional.Contract;

namespace MlNetPositional.Pretrained;

/// <summary>A pretrained encoder wrapped into this library's contract by <see cref="BertEncoderAdopter"/>.</summary>
/// <param name="Bytes">The adopted ONNX model: load it with <c>PositionalEmbeddingModel.Load(bytes, ...)</c> or write it to a file.</param>
/// <param name="Metadata">What the adopted file says about itself (config, vocabulary, WordPiece tokenizer record, adoption record).</param>
/// <param name="Notes">What the adopter did, as sentences (opset upgrade, renamed tables, pruned nodes).</param>
public sealed record AdoptedModel(byte[] Bytes, ModelMetadata Metadata, IReadOnlyList<string> Notes);
