namespace MlNetPositional.Scoring;

/// <summary>
/// Splits a batch of sequences into ONNX Runtime calls of similar lengths. A call pads every row to
/// its longest, and an encoder's cost grows with the padded length (attention with its square), so
/// one call over rows of 16..128 tokens would spend most of its time on padding. Rows are sorted by
/// length and cut wherever adding the next row would make the call's padded tokens exceed its real
/// tokens by more than <see cref="MaxPaddingShare"/>; rows of one length stay in one call.
/// </summary>
internal static class LengthBuckets
{
    /// <summary>At most this share of a call's tokens is padding (1/8).</summary>
    public const double MaxPaddingShare = 0.125;

    /// <summary>Fills <paramref name="calls"/> with the row indices of each call, in calls of ascending length.</summary>
    public static void Split(IReadOnlyList<long[]> rows, List<int> order, List<(int Start, int Count)> calls)
    {
        order.Clear();
        calls.Clear();
        for (var i = 0; i < rows.Count; i++)
        {
            order.Add(i);
        }

        // Stable: rows of equal length keep their order.
        order.Sort((a, b) => rows[a].Length != rows[b].Length ? rows[a].Length.CompareTo(rows[b].Length) : a.CompareTo(b));

        var (start, realTokens) = (0, 0L);
        for (var i = 0; i < order.Count; i++)
        {
            var length = rows[order[i]].Length;
            var padded = (long)(i - start + 1) * length;
            if (i > start && padded > (realTokens + length) * (1 + MaxPaddingShare))
            {
                calls.Add((start, i - start));
                (start, realTokens) = (i, 0);
            }

            realTokens += length;
        }

        if (order.Count > start)
        {
            calls.Add((start, order.Count - start));
        }
    }
}
