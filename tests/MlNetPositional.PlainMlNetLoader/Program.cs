// Usage: MlNetPositional.PlainMlNetLoader MODEL.zip ROWS.json
// ROWS.json is a JSON array of token arrays (column "Tokens"). Prints the "Features" column as JSON,
// once from Transform over all rows and once from a PredictionEngine row by row.
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

var ml = new MLContext(seed: 7);
var model = ml.Model.Load(args[0], out _);
var rows = JsonSerializer.Deserialize<string[][]>(File.ReadAllText(args[1]))!.Select(tokens => new TokenRow { Tokens = tokens }).ToArray();

var transformed = model.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float[]>("Features").ToArray();
var engine = ml.Model.CreatePredictionEngine<TokenRow, FeaturesRow>(model);
var predicted = rows.Select(r => engine.Predict(r).Features).ToArray();
Console.WriteLine(JsonSerializer.Serialize(new { transform = transformed, engine = predicted }));

internal sealed class TokenRow
{
    [VectorType]
    public string[] Tokens { get; set; } = [];
}

internal sealed class FeaturesRow
{
    public float[] Features { get; set; } = [];
}
