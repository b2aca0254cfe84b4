// Usage: MlNetPositional.PlainMlNetLoader MODEL.zip ROWS.json
// ROWS.json is a JSON array of token arrays (column "Tokens") or of strings (raw text, column "Text").
// Prints the "Features" column as JSON, once from Transform over all rows and once from a
// PredictionEngine row by row.
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

var ml = new MLContext(seed: 7);
var model = ml.Model.Load(args[0], out _);
using var json = JsonDocument.Parse(File.ReadAllText(args[1]));
var rawText = json.RootElement.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.String);
var (transformed, predicted) = rawText
    ? Score(json.RootElement.Deserialize<string[]>()!.Select(text => new TextRow { Text = text }).ToArray())
    : Score(json.RootElement.Deserialize<string[][]>()!.Select(tokens => new TokenRow { Tokens = tokens }).ToArray());
Console.WriteLine(JsonSerializer.Serialize(new { transform = transformed, engine = predicted }));

(float[][] Transformed, float[][] Predicted) Score<TRow>(TRow[] rows)
    where TRow : class
{
    var transformed = model.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float[]>("Features").ToArray();
    var engine = ml.Model.CreatePredictionEngine<TRow, FeaturesRow>(model);
    return (transformed, rows.Select(r => engine.Predict(r).Features).ToArray());
}

internal sealed class TokenRow
{
    [VectorType]
    public string[] Tokens { get; set; } = [];
}

internal sealed class TextRow
{
    public string Text { get; set; } = "";
}

internal sealed class FeaturesRow
{
    public float[] Features { get; set; } = [];
}
