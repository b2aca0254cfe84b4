using MlNetPositional.Runtime;

namespace MlNetPositional.Scoring;

/// <summary>
/// Scores a batch of checked id sequences: empty rows give zeros, the others go to ONNX Runtime in
/// calls of similar lengths (<see cref="LengthBuckets"/>), and each row is pooled straight from ONNX
/// Runtime's buffers.
/// </summary>
internal sealed class BatchScorer(PositionalEmbeddingModel model, PositionalPooling pooling)
{
    private readonly List<long[]> _nonEmpty = [];
    private readonly List<int> _rowOf = [];
    private readonly List<int> _order = [];
    private readonly List<(int Start, int Count)> _calls = [];
    private readonly List<long[]> _call = [];
    private readonly List<int> _callRowOf = [];

    public int OutputSize { get; } = Pooler.OutputSize(pooling, model.Dim, model.MaxLength);

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

        LengthBuckets.Split(_nonEmpty, _order, _calls);
        foreach (var (start, count) in _calls)
        {
            _call.Clear();
            _callRowOf.Clear();
            for (var k = start; k < start + count; k++)
            {
                _call.Add(_nonEmpty[_order[k]]);
                _callRowOf.Add(_rowOf[_order[k]]);
            }

            model.RunChecked(_call, includeTokens: pooling != PositionalPooling.Mean,
                (row, tokens, pooled) => Pooler.Pool(tokens, pooled, model.Dim, pooling, outputs[_callRowOf[row]]));
        }
    }
}
