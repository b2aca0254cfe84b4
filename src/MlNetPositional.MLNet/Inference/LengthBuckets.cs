namespace MlNetPositional.Inference;

/// <summary>
/// Splits a batch of sequences into ONNX Runtime calls. A call pads every row to its longest, and an
/// encoder's cost grows with the padded length (attention with its square), so rows are sorted by
/// length and a call is cut wherever adding the next row would make its padded tokens exceed its real
/// tokens by more than <see cref="MaxPaddingShare"/>, or its tokens exceed the token budget.
/// </summary>
/// <remarks>The budget is the <see cref="ScoringPlan"/>'s.</remarks>
internal static class LengthBuckets
{
    /// <summary>At most this share of a call's tokens is padding (1/8).</summary>
    public const double MaxPaddingShare = 0.125;

    /// <summary>
    /// Fills <paramref name="order"/> with the rows sorted by length and <paramref name="calls"/> with
    /// each call's range in it. A row longer than the budget gets a call of its own.
    /// </summary>
    /// <param name="rows">The batch's sequences.</param>
    /// <param name="tokensPerCall">The token budget of a call.</param>
    /// <param name="order">Filled with row indexes, sorted by length.</param>
    /// <param name="calls">Filled with each call's range in <paramref name="order"/>.</param>
    /// <param name="maxPaddingShare">The padding allowed; 0 gives calls of equal lengths only.</param>
    public static void Split(IReadOnlyList<long[]> rows, int tokensPerCall, List<int> order, List<(int Start, int Count)> calls, double maxPaddingShare = MaxPaddingShare)
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
            if (i > start && (padded > tokensPerCall || padded > (realTokens + length) * (1 + maxPaddingShare)))
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
