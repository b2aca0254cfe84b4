using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Training.Data;

/// <summary>
/// Examples collated into right-padded, row-major arrays ready to become tensors. The width is the
/// longest example in the batch. Per-token labels of padded positions are <see cref="IgnoredLabel"/>.
/// </summary>
internal sealed class TaskBatch
{
    /// <summary>Label value that the loss and accuracy skip (torch's cross-entropy ignore_index default).</summary>
    public const long IgnoredLabel = -100;

    private TaskBatch(int rows, int length, long[] ids, long[] mask, long[] labels)
    {
        (Rows, Length, Ids, Mask, Labels) = (rows, length, ids, mask, labels);
    }

    /// <summary>Number of sequences (B).</summary>
    public int Rows { get; }

    /// <summary>Padded length (T).</summary>
    public int Length { get; }

    /// <summary>Token ids, B x T, pads = the pad id.</summary>
    public long[] Ids { get; }

    /// <summary>1 for a token, 0 for padding, B x T.</summary>
    public long[] Mask { get; }

    /// <summary>B x T labels for per-token tasks (pads ignored), B labels otherwise.</summary>
    public long[] Labels { get; }

    /// <summary>Collates <paramref name="examples"/>, padding with <paramref name="padId"/>.</summary>
    public static TaskBatch Collate(IReadOnlyList<TaskExample> examples, int padId, bool perToken)
    {
        var rows = examples.Count;
        var length = examples.Max(e => e.Tokens.Length);
        var ids = new long[rows * length];
        var mask = new long[rows * length];
        var labels = new long[perToken ? rows * length : rows];
        Array.Fill(ids, padId);
        if (perToken)
        {
            Array.Fill(labels, IgnoredLabel);
        }

        for (var row = 0; row < rows; row++)
        {
            var example = examples[row];
            for (var t = 0; t < example.Tokens.Length; t++)
            {
                ids[(row * length) + t] = example.Tokens[t];
                mask[(row * length) + t] = 1;
                if (perToken)
                {
                    labels[(row * length) + t] = example.Labels[t];
                }
            }

            if (!perToken)
            {
                labels[row] = example.Labels[0];
            }
        }

        return new TaskBatch(rows, length, ids, mask, labels);
    }
}
