// A pipeline to copy: text from a TSV file (Label<TAB>Text), tokenised by ML.NET, embedded with a
// positional model, classified by a stock trainer, evaluated and saved.
//   dotnet run --project pipelines/TextClassification -- [data.tsv] [model.onnx]
// Without arguments it writes a demo file of the order task and uses the build's onnx/order.onnx.
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional;
using MlNetPositional.Examples;

var root = typeof(Review).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
var output = Path.Combine(root, "runs", "text-classification");
Directory.CreateDirectory(output);
var dataPath = args.Length > 0 ? args[0] : DemoData(Path.Combine(output, "demo.tsv"));
var modelPath = args.Length > 1 ? args[1] : Path.Combine(root, "onnx", "order.onnx");

var ml = new MLContext(seed: 1);
var data = ml.Data.LoadFromTextFile<Review>(dataPath, hasHeader: true, separatorChar: '\t');
var split = ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 1);

var pipeline = ml.Transforms.Text.NormalizeText("NormalizedText", nameof(Review.Text))
    .Append(ml.Transforms.Text.TokenizeIntoWords("Tokens", "NormalizedText"))
    .Append(ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions
    {
        InputColumnName = "Tokens",
        OutputColumnName = "Features",
        ModelPath = modelPath,
        Pooling = PositionalPooling.Mean,
        OverLength = PositionalOverLength.Truncate,
    }))
    .AppendCacheCheckpoint(ml) // trainers pass over the data many times: embed once
    .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());

var model = pipeline.Fit(split.TrainSet);
var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
Console.WriteLine($"{dataPath}: accuracy {metrics.Accuracy:F3}, F1 {metrics.F1Score:F3}, AUC {metrics.AreaUnderRocCurve:F3}");

var saved = Path.Combine(output, "model.zip");
ml.Model.Save(model, data.Schema, saved);
Console.WriteLine($"saved {saved} (loads with plain ML.NET: mlContext.Model.Load)");
return 0;

static string DemoData(string path)
{
    // Upper-case words (T2, T3, ...): NormalizeText lower-cases them to the model's vocabulary.
    OrderSentences.WriteTsv(path, rows: 2000, seed: 3, maxWords: 16, vocabularySize: 16, prefix: "T");
    return path;
}

internal sealed class Review
{
    [LoadColumn(0)]
    public bool Label { get; set; }

    [LoadColumn(1)]
    public string Text { get; set; } = "";
}
