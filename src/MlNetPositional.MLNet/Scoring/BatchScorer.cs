using MlNetPositional.Runtime;

namespace MlNetPositional.Scoring;

/// <summary>Scores a batch of id sequences with one ONNX Runtime call and pools each row straight from ONNX Runtime's buffers.</summary>
internal sealed class BatchScorer(PositionalEmbeddingModel model, PositionalPooling pooling)
{
    private readonly List<long[]> _nonEmpty = [];
    private readonly List<int> _rowOf = [];

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

        if (_nonEmpty.Count > 0)
        {
            model.RunChecked(_nonEmpty, includeTokens: pooling != PositionalPooling.Mean,
                (row, tokens, pooled) => Pooler.Pool(tokens, pooled, model.Dim, pooling, outputs[_rowOf[row]]));
        }
    }
}
