using System.Security.Cryptography;
using Microsoft.ML;
using MlNetPositional.Onnx.Contract;
using MlNetPositional.Onnx.IO;
using MlNetPositional.Onnx.Schema;
using Google.Protobuf;

namespace MlNetPositional.Stock;

/// <summary>
/// The stock ML.NET estimators that compute what the transform computes, one row per ONNX Runtime
/// call: [MapValueToKey over the model's vocabulary, for text] then ApplyOnnxModel over a graph
/// specialised for the column (<see cref="ScoringGraph"/>) [then DropColumns of the key column].
/// A fitted transform saves as this chain, so <c>mlContext.Model.Load</c> needs nothing but ML.NET.
/// </summary>
internal static class StockPipeline
{
    /// <summary>The estimator chain for a column of <paramref name="kind"/>.</summary>
    public static IEstimator<ITransformer> Create(MLContext ml, ModelProto exported, ModelMetadata metadata, PositionalEmbeddingOptions options,
        TokenInputKind kind, int? fixedLength, long[]? keyToId)
    {
        var vocabulary = metadata.Vocabulary;
        var onnxInput = options.InputColumnName;
        IEstimator<ITransformer>? head = null;
        long[]? lookup = keyToId;
        if (kind == TokenInputKind.Text)
        {
            onnxInput = $"{options.OutputColumnName}.PositionalKeys";
            var keyData = ml.Data.LoadFromEnumerable(vocabulary.Tokens.Select(t => new KeyValue { Value = t }));
            head = ml.Transforms.Conversion.MapValueToKey(onnxInput, options.InputColumnName, keyData: keyData);
            // MapValueToKey gives key k for token k-1 and 0 for an unseen token.
            lookup = [vocabulary.UnknownId, .. Enumerable.Range(0, vocabulary.Count).Select(i => (long)i)];
        }
        else if (kind == TokenInputKind.Key)
        {
            lookup ??= [vocabulary.UnknownId];
        }

        var graph = ScoringGraph.Build(exported, metadata, onnxInput, kind, fixedLength, lookup, options.OutputColumnName, options.Pooling);
        var onnx = ml.Transforms.ApplyOnnxModel([options.OutputColumnName], [onnxInput], Persist(graph), gpuDeviceId: null, fallbackToCpu: false);
        if (head is null)
        {
            return onnx;
        }

        return head.Append(onnx).Append(ml.Transforms.DropColumns(onnxInput));
    }

    /// <summary>Writes the graph under the temp folder, named by its content hash (OnnxTransformer reads a file).</summary>
    private static string Persist(ModelProto graph)
    {
        var bytes = graph.ToByteArray();
        var name = Convert.ToHexString(SHA256.HashData(bytes))[..32].ToLowerInvariant();
        var path = Path.Combine(Path.GetTempPath(), "mlnet-positional", $"scoring-{name}.onnx");
        if (!File.Exists(path))
        {
            AtomicFile.WriteAllBytes(path, bytes);
        }

        return path;
    }

    private sealed class KeyValue
    {
        public string Value { get; set; } = "";
    }
}
