using MlNetPositional.Runtime;

namespace MlNetPositional.Scoring;

/// <summary>Scores a batch of id sequences with one ONNX Runtime call and pools each row.</summary>
internal sealed class BatchScorer(PositionalEmbeddingModel model, PositionalPooling pooling)
{
    public int OutputSize { get; } = Pooler.OutputSize(pooling, model.Dim, model.MaxLength);

    /// <summary>Fills <paramref name="outputs"/>[i] (length <see cref="OutputSize"/>) for each row; empty rows give zeros.</summary>
    public void Score(IReadOnlyList<long[]> rows, IReadOnlyList<float[]> outputs)
    {
        var nonEmpty = new List<long[]>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Length > 0)
            {
                nonEmpty.Add(row);
            }
        }

        var results = nonEmpty.Count > 0 ? model.Embed(nonEmpty) : [];
        var next = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            Pooler.Pool(rows[i].Length > 0 ? results[next++] : null, pooling, outputs[i]);
        }
    }
}
