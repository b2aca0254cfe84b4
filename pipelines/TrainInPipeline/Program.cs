// A pipeline to copy that learns its embeddings inside pipeline.Fit: text from a TSV file
// (Label<TAB>Text, a header row, any number of text labels), NormalizeText -> TokenizeIntoWords ->
// TrainPositionalEmbedding (trained with TorchSharp on the label, exported to ONNX in memory) ->
// AppendCacheCheckpoint -> a stock trainer -> Evaluate -> Save; then Load and predict in a fresh
// MLContext, which needs ML.NET and ONNX Runtime only. For comparison the same split is also
// classified from a bag of words (FeaturizeText) and from both feature sets together.
//   dotnet run -c Release --project pipelines/TrainInPipeline -- [data.tsv]
// Without arguments it writes a demo file of the order task (only word order decides the label).
using System.Diagnostics;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional;
using MlNetPositional.Examples;

var root = typeof(Row).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
var output = Path.Combine(root, "runs", "train-in-pipeline");
Directory.CreateDirectory(output);
var dataPath = args.Length > 0 ? args[0] : DemoData(Path.Combine(output, "demo.tsv"));

var ml = new MLContext(seed: 1);
ml.Log += (_, e) =>
{
    // The trainer reports through the MLContext's log, as ML.NET's own trainers do.
    if (e.Source.StartsWith("TrainPositionalEmbedding", StringComparison.Ordinal) && e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info)
    {
        Console.WriteLine($"  {e.RawMessage}");
    }
};
var data = ml.Data.LoadFromTextFile<Row>(dataPath, hasHeader: true, separatorChar: '\t', allowQuoting: false);
var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);

var tokens = ml.Transforms.Conversion.MapValueToKey("LabelKey", nameof(Row.Label))
    .Append(ml.Transforms.Text.NormalizeText("Normalized", nameof(Row.Text)))
    .Append(ml.Transforms.Text.TokenizeIntoWords("Tokens", "Normalized"));
var positional = ml.Transforms.TrainPositionalEmbedding("Positional", "Tokens", labelColumnName: nameof(Row.Label));
var bagOfWords = ml.Transforms.Text.FeaturizeText("Bag", nameof(Row.Text));
var classify = ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("LabelKey", "Features")
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedText", "PredictedLabel"));

var candidates = new (string Name, IEstimator<ITransformer> Pipeline)[]
{
    ("trained in Fit", tokens.Append(positional).AppendCacheCheckpoint(ml).Append(ml.Transforms.CopyColumns("Features", "Positional")).Append(classify)),
    ("bag of words", tokens.Append(bagOfWords).AppendCacheCheckpoint(ml).Append(ml.Transforms.CopyColumns("Features", "Bag")).Append(classify)),
    ("both", tokens.Append(positional).Append(bagOfWords).AppendCacheCheckpoint(ml).Append(ml.Transforms.Concatenate("Features", "Positional", "Bag")).Append(classify)),
};

ITransformer? trainedInFit = null;
foreach (var (name, pipeline) in candidates)
{
    Console.WriteLine($"{name}:");
    var clock = Stopwatch.StartNew();
    var model = pipeline.Fit(split.TrainSet);
    var metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet), labelColumnName: "LabelKey");
    Console.WriteLine($"  {name}: test accuracy {metrics.MicroAccuracy:F3} (macro {metrics.MacroAccuracy:F3}), fitted in {clock.Elapsed.TotalSeconds:F1} s");
    trainedInFit ??= model;
}

// One self-contained file: the trained embedding is inside, as the stock ML.NET chain.
var saved = Path.Combine(output, "model.zip");
ml.Model.Save(trainedInFit!, data.Schema, saved);
var fresh = new MLContext(seed: 2);
var loaded = fresh.Model.Load(saved, out _);
var engine = fresh.Model.CreatePredictionEngine<Row, Prediction>(loaded);
foreach (var row in fresh.Data.CreateEnumerable<Row>(split.TestSet, reuseRowObject: false).Take(3))
{
    Console.WriteLine($"loaded from {saved}: \"{Shorten(row.Text)}\" -> {engine.Predict(row).PredictedText} (label {row.Label})");
}

return 0;

static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

static string DemoData(string path)
{
    OrderSentences.WriteTsv(path, rows: 3000, seed: 3, maxWords: 16, vocabularySize: 16, prefix: "T");
    return path;
}

internal sealed class Row
{
    [LoadColumn(0)]
    public string Label { get; set; } = "";

    [LoadColumn(1)]
    public string Text { get; set; } = "";
}

internal sealed class Prediction
{
    public string PredictedText { get; set; } = "";
}
