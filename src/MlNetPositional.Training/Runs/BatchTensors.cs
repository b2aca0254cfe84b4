using MlNetPositional.Training.Data;
using MlNetPositional.Training.Tasks;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Runs;

/// <summary>Turns a collated <see cref="TaskBatch"/> into int64 tensors (in the current dispose scope).</summary>
internal static class BatchTensors
{
    /// <summary>ids (B, T), mask (B, T), and the labels flattened to one dimension.</summary>
    public static (Tensor Ids, Tensor Mask, Tensor Labels) From(TaskBatch batch)
    {
        var ids = tensor(batch.Ids, [batch.Rows, batch.Length]);
        var mask = tensor(batch.Mask, [batch.Rows, batch.Length]);
        var labels = tensor(batch.Labels);   // flat: (B x T) per token, (B) per sequence
        return (ids, mask, labels);
    }
}
