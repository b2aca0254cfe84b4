// Scores a model imported from docs/ddp_train.py through ML.NET's ApplyPositionalEmbedding and
// compares it with the outputs PyTorch recorded in model.io.json (what docs/ddp-run.sh checks).
//   dotnet run docs/ddp_parity.cs -- MODEL.onnx MODEL.io.json [TOLERANCE]
// Passes when each row's largest |ours - PyTorch| is at most TOLERANCE (1e-5) times the row's scale,
// max(1, its largest |value|): float32 rounding grows with the values and with the length summed
// over (measured: 1.3e-6 on a 1-token row, 1.3e-5 on a 32-token row of values up to 4), and
// TorchSharp and ONNX Runtime differ as much on the same weights. Small models stay under 1e-5 outright.
// A .NET file-based program: no project file, and the inference package only (no TorchSharp).
#:project ../src/MlNetPositional.MLNet/MlNetPositional.MLNet.csproj
#:property PublishAot=false

using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional;

if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: dotnet run docs/ddp_parity.cs -- MODEL.onnx MODEL.io.json [TOLERANCE]");
    return 2;
}

var tolerance = args.Length == 3 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 1e-5;
using var json = JsonDocument.Parse(File.ReadAllText(args[1]));
var io = json.RootElement;
var ids = io.GetProperty("ids").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();
var mask = io.GetProperty("mask").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();
// PyTorch's (B, T, dim) with pads zeroed is what Pooling.None gives: the max-length x dim grid.
var grids = io.GetProperty("outputs").EnumerateArray().Select(r => r.EnumerateArray().SelectMany(t => t.EnumerateArray().Select(v => v.GetSingle())).ToArray()).ToArray();
var pooled = io.GetProperty("pooled").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();

var ml = new MLContext(seed: 1);
// Right padding: each row's real tokens are its prefix where mask is 1; ML.NET gets only those.
var rows = ids.Select((row, r) => new TokenRow { Ids = row.Take((int)mask[r].Sum()).ToArray() }).ToList();
var data = ml.Data.LoadFromEnumerable(rows);
var pipeline = ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions { InputColumnName = "Ids", OutputColumnName = "Grid", ModelPath = args[0], Pooling = PositionalPooling.None })
    .Append(ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions { InputColumnName = "Ids", OutputColumnName = "Pooled", ModelPath = args[0], Pooling = PositionalPooling.Mean }));
var scored = pipeline.Fit(data).Transform(data);

var compared = Compare(scored.GetColumn<float[]>("Grid"), grids).Concat(Compare(scored.GetColumn<float[]>("Pooled"), pooled)).ToList();
var worst = compared.MaxBy(c => c.Difference);
var worstRelative = compared.Max(c => c.Difference / c.Scale);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ApplyPositionalEmbedding vs PyTorch: {rows.Count} rows (lengths {string.Join(", ", rows.Select(r => r.Ids.Length))}): max |difference| = {worst.Difference:G3} (a row of scale {worst.Scale:G3}); relative to the row's scale {worstRelative:G3} (tolerance {tolerance:G3})"));
return worstRelative <= tolerance ? 0 : 1;

// Per row: the largest |ours - theirs| and the row's scale, max(1, largest |theirs|).
static IEnumerable<(double Difference, double Scale)> Compare(IEnumerable<float[]> ours, float[][] theirs)
{
    var r = 0;
    foreach (var row in ours)
    {
        if (row.Length != theirs[r].Length)
        {
            throw new InvalidDataException($"row {r}: {row.Length} values here, {theirs[r].Length} from PyTorch.");
        }

        yield return (row.Zip(theirs[r], (a, b) => Math.Abs((double)a - b)).Max(), Math.Max(1.0, theirs[r].Max(v => Math.Abs((double)v))));
        r++;
    }

    if (r != theirs.Length)
    {
        throw new InvalidDataException($"{r} rows scored, {theirs.Length} from PyTorch.");
    }
}

internal sealed class TokenRow
{
    [VectorType]
    public long[] Ids { get; set; } = [];
}
