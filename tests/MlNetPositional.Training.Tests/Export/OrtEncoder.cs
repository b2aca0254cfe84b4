using Microsoft.ML.OnnxRuntime;
using MlNetPositional.Contract;

namespace MlNetPositional.Training.Tests.Export;

/// <summary>Runs an exported encoder with ONNX Runtime: ids and mask (B x T) in, embeddings and pooled out.</summary>
internal sealed class OrtEncoder(byte[] model) : IDisposable
{
    private readonly InferenceSession _session = new(model);
    private readonly RunOptions _runOptions = new();

    public (float[] Embeddings, long[] EmbeddingsShape, float[] Pooled, long[] PooledShape) Run(long[] ids, long[] mask, int rows, int length)
    {
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [rows, length]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [rows, length]);
        using var outputs = _session.Run(_runOptions, [ModelContract.InputIds, ModelContract.AttentionMask], [idsValue, maskValue], [ModelContract.Embeddings, ModelContract.Pooled]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[0].GetTensorTypeAndShape().Shape,
                outputs[1].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorTypeAndShape().Shape);
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
