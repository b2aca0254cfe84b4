// Usage: MlNetPositional.BatchedLoader MODEL.zip ROWS.json
// ROWS.json is a JSON array of token arrays (column "Tokens"). Loads the pipeline with
// LoadWithBatchedPositionalEmbedding and prints, as JSON, the settings of every batched transformer
// found, the "Features" column from Transform and from a PredictionEngine, the load's error (type and
// message, or null), and what is left in the temp folder once the model is disposed (run it with
// TMPDIR set to an empty folder to see what a load, failed or not, leaves behind).
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional;

var ml = new MLContext(seed: 7);
var rows = JsonSerializer.Deserialize<string[][]>(File.ReadAllText(args[1]))!.Select(tokens => new TokenRow { Tokens = tokens }).ToArray();

object? error = null;
object[] batched = [];
float[][] transformed = [];
float[][] predicted = [];
try
{
    var model = ml.Model.LoadWithBatchedPositionalEmbedding(args[0], out _);
    try
    {
        batched = [.. Batched(model).Select(t => new { t.InputColumnName, t.OutputColumnName, Pooling = t.Pooling.ToString(), OverLength = t.OverLength.ToString(), t.BatchSize })];
        transformed = [.. model.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float[]>("Features")];
        using var engine = ml.Model.CreatePredictionEngine<TokenRow, FeaturesRow>(model);
        predicted = [.. rows.Select(r => engine.Predict(r).Features)];
    }
    finally
    {
        (model as IDisposable)?.Dispose();
    }
}
catch (Exception e)
{
    error = new { Type = e.GetType().FullName, e.Message };
}

var left = Directory.EnumerateFileSystemEntries(Path.GetTempPath()).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
Console.WriteLine(JsonSerializer.Serialize(new { error, batched, transform = transformed, engine = predicted, tempEntries = left }));

static IEnumerable<PositionalEmbeddingTransformer> Batched(ITransformer transformer) => transformer switch
{
    PositionalEmbeddingTransformer one => [one],
    IEnumerable<ITransformer> chain => chain.SelectMany(Batched),
    _ => [],
};

internal sealed class TokenRow
{
    [VectorType]
    public string[] Tokens { get; set; } = [];
}

internal sealed class FeaturesRow
{
    public float[] Features { get; set; } = [];
}
