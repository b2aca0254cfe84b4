namespace MlNetPositional.Inference;

/// <summary>
/// Scores a batch of checked id sequences: empty rows give zeros, the others go to ONNX Runtime in
/// calls of similar lengths within the model's token budget (<see cref="LengthBuckets"/>), up to the
/// calls its <see cref="ScoringPlan"/> runs at once (InferenceSession.Run is thread-safe), and each row
/// is pooled straight from ONNX Runtime's buffers into its own output. One per cursor: it reuses its buffers.
/// </summary>
internal sealed class BatchScorer(PositionalEmbeddingModel model, PositionalPooling pooling, int maxLength, double maxPaddingShare = LengthBuckets.MaxPaddingShare)
{
    private readonly List<long[]> _nonEmpty = [];
    private readonly List<int> _rowOf = [];
    private readonly List<int> _order = [];
    private readonly List<(int Start, int Count)> _calls = [];
    private readonly int _tokensPerCall = model.Plan.TokensPerCall;
    private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = model.Plan.ConcurrentCalls };

    public int OutputSize { get; } = Pooler.OutputSize(pooling, model.Dim, maxLength);

    /// <summary>Fills <paramref name="outputs"/>[i] (length <see cref="OutputSize"/>) for each row; empty rows give zeros.</summary>
    public void Score(IReadOnlyList<long[]> rows, IReadOnlyList<float[]> outputs)
    {
        _nonEmpty.Clear();
        _rowOf.Clear();
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length > 0)
            {
                _nonEmpty.Add(rows[i]);
                _rowOf.Add(i);
            }
            else
            {
                Array.Clear(outputs[i]);
            }
        }

        LengthBuckets.Split(_nonEmpty, _tokensPerCall, _order, _calls, maxPaddingShare);
        if (_calls.Count == 1 || _parallel.MaxDegreeOfParallelism == 1)
        {
            foreach (var call in _calls)
            {
                Run(call, outputs);
            }
        }
        else
        {
            Parallel.ForEach(_calls, _parallel, call => Run(call, outputs));
        }
    }

    private void Run((int Start, int Count) call, IReadOnlyList<float[]> outputs)
    {
        var sequences = new long[call.Count][];
        var rowOf = new int[call.Count];
        for (var k = 0; k < call.Count; k++)
        {
            sequences[k] = _nonEmpty[_order[call.Start + k]];
            rowOf[k] = _rowOf[_order[call.Start + k]];
        }

        model.RunChecked(sequences, includeTokens: pooling != PositionalPooling.Mean,
            (row, tokens, pooled) => Pooler.Pool(tokens, pooled, model.Dim, pooling, outputs[rowOf[row]]));
    }
}
