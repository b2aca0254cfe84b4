// Usage: MlNetPositional.BatchedLoader MODEL.zip ROWS.json
// ROWS.json is a JSON array of token arrays (column "Tokens"). Loads the pipeline with
// LoadWithBatchedPositionalEmbedding and prints, as JSON, the settings of every batched transformer
// found and the "Features" column from Transform and from a PredictionEngine.
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional;

var ml = new MLContext(seed: 7);
var model = ml.Model.LoadWithBatchedPositionalEmbedding(args[0], out _);
var rows = JsonSerializer.Deserialize<string[][]>(File.ReadAllText(args[1]))!.Select(tokens => new TokenRow { Tokens = tokens }).ToArray();

var batched = (model as IEnumerable<ITransformer> ?? [model]).OfType<PositionalEmbeddingTransformer>()
    .Select(t => new { t.InputColumnName, t.OutputColumnName, Pooling = t.Pooling.ToString(), OverLength = t.OverLength.ToString(), t.BatchSize })
    .ToArray();
var transformed = model.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float[]>("Features").ToArray();
var engine = ml.Model.CreatePredictionEngine<TokenRow, FeaturesRow>(model);
var predicted = rows.Select(r => engine.Predict(r).Features).ToArray();
Console.WriteLine(JsonSerializer.Serialize(new { batched, transform = transformed, engine = predicted }));

internal sealed class TokenRow
{
    [VectorType]
    public string[] Tokens { get; set; } = [];
}

internal sealed class FeaturesRow
{
    public float[] Features { get; set; } = [];
}
