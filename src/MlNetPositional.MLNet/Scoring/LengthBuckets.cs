namespace MlNetPositional.Scoring;

/// <summary>
/// Splits a batch of sequences into ONNX Runtime calls. A call pads every row to its longest, and an
/// encoder's cost grows with the padded length (attention with its square), so rows are sorted by
/// length and a call is cut wherever adding the next row would make its padded tokens exceed its real
/// tokens by more than <see cref="MaxPaddingShare"/>, or its tokens exceed the token budget.
/// </summary>
/// <remarks>
/// The budget comes from measurement (benchmark CallSize, one thread per call, two calls at once on
/// two cores): an embedding-only model (dim 256, 64-token rows) was fastest at 2,048 tokens per call
/// (4.3 us per row, against 4.9 at 512 and 11.5 at 8,192); a 2-layer encoder (dim 64, rows of 16..128
/// tokens) at 512 (95 us, against 112 at 2,048 and 133 at 8,192), where bigger calls leave the cache.
/// </remarks>
internal static class LengthBuckets
{
    /// <summary>At most this share of a call's tokens is padding (1/8).</summary>
    public const double MaxPaddingShare = 0.125;

    /// <summary>Tokens per call for a model with no encoder layer: per-call overhead dominates.</summary>
    public const int EmbeddingOnlyTokensPerCall = 2048;

    /// <summary>Tokens per call for an encoder: attention's intermediates should stay in cache.</summary>
    public const int EncoderTokensPerCall = 512;

    /// <summary>The token budget for a model with <paramref name="layers"/> encoder layers.</summary>
    public static int TokensPerCall(int layers) => layers == 0 ? EmbeddingOnlyTokensPerCall : EncoderTokensPerCall;

    /// <summary>
    /// Fills <paramref name="order"/> with the rows sorted by length and <paramref name="calls"/> with
    /// each call's range in it. A row longer than the budget gets a call of its own.
    /// </summary>
    public static void Split(IReadOnlyList<long[]> rows, int tokensPerCall, List<int> order, List<(int Start, int Count)> calls)
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
            if (i > start && (padded > tokensPerCall || padded > (realTokens + length) * (1 + MaxPaddingShare)))
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
