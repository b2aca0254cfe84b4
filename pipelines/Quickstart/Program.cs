// Quickstart: does word order matter? A stock ML.NET bag-of-tokens pipeline against the same
// pipeline with ApplyPositionalEmbedding features, each feeding the same stock trainer, on a task
// where only the order of two words decides the label. Then save, load and predict; then plots.
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional;
using MlNetPositional.Examples;
using MlNetPositional.Plots;

var root = typeof(OrderSentences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
var modelPath = Path.Combine(root, "onnx", "order.onnx");
if (!File.Exists(modelPath))
{
    Console.Error.WriteLine($"{modelPath} is missing: build it with `dotnet build src/MlNetPositional.Cli` (the build trains onnx/*.json).");
    return 1;
}

var output = Path.Combine(root, "runs", "quickstart");
Directory.CreateDirectory(output);
var (trainPath, testPath) = (Path.Combine(output, "train.tsv"), Path.Combine(output, "test.tsv"));
OrderSentences.WriteTsv(trainPath, rows: 4000, seed: 1, maxWords: 16, vocabularySize: 16);
OrderSentences.WriteTsv(testPath, rows: 2000, seed: 2, maxWords: 16, vocabularySize: 16);

var ml = new MLContext(seed: 1);
IDataView Load(string path) => ml.Data.LoadFromTextFile<Sentence>(path, hasHeader: true, separatorChar: '\t');
var (train, test) = (Load(trainPath), Load(testPath));

var bagOfTokens = ml.Transforms.Text.TokenizeIntoWords("Tokens", nameof(Sentence.Text))
    .Append(ml.Transforms.Conversion.MapValueToKey("TokenKeys", "Tokens"))
    .Append(ml.Transforms.Text.ProduceNgrams("Features", "TokenKeys", ngramLength: 1))
    .AppendCacheCheckpoint(ml)
    .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
var positional = ml.Transforms.Text.TokenizeIntoWords("Tokens", nameof(Sentence.Text))
    .Append(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", modelPath))
    .AppendCacheCheckpoint(ml) // the trainer passes over the data many times: embed once
    .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());

var results = new List<(string Name, CalibratedBinaryClassificationMetrics Metrics)>
{
    ("bag of tokens (stock ML.NET)", ml.BinaryClassification.Evaluate(bagOfTokens.Fit(train).Transform(test))),
};
var positionalModel = positional.Fit(train);
results.Add(("ApplyPositionalEmbedding", ml.BinaryClassification.Evaluate(positionalModel.Transform(test))));

Console.WriteLine($"Order task: is \"t2\" before \"t3\"? {4000} training and {2000} test sentences, same trainer (SdcaLogisticRegression).");
Console.WriteLine();
Console.WriteLine($"{"features",-30} {"accuracy",9} {"F1",7} {"AUC",7}");
foreach (var (name, m) in results)
{
    Console.WriteLine($"{name,-30} {m.Accuracy,9:F3} {m.F1Score,7:F3} {m.AreaUnderRocCurve,7:F3}");
}

var gap = results[1].Metrics.Accuracy - results[0].Metrics.Accuracy;
Console.WriteLine();
Console.WriteLine($"positional features: {gap * 100:+0.0;-0.0} accuracy points over the bag of tokens");

var savedPath = Path.Combine(output, "positional-pipeline.zip");
ml.Model.Save(positionalModel, train.Schema, savedPath);
var loaded = new MLContext(seed: 2).Model.Load(savedPath, out _);
var engine = ml.Model.CreatePredictionEngine<Sentence, Prediction>(loaded);
Console.WriteLine();
Console.WriteLine($"saved and loaded {savedPath}; predictions of the loaded pipeline:");
foreach (var text in new[] { "t2 t9 t3", "t3 t9 t2", "t7 t7 t2 t11 t3 t4", "t8 t3 t5 t2" })
{
    var p = engine.Predict(new Sentence { Text = text });
    Console.WriteLine($"  \"{text}\" -> {(p.PredictedLabel ? "t2 first" : "t3 first")} (p = {p.Probability:F3})");
}

// Learned rows start N(0, 1), so an untrained row's norm is about sqrt(dim).
var dim = MlNetPositional.Contract.Onnx.ModelFileMetadata.Read(modelPath).Config.Dim;
var plots = RunPlots.Write(PositionTable.FromOnnx(modelPath), Path.Combine(root, "onnx", "order.run", "train-log.csv"), Path.Combine(output, "plots"), initialNorm: Math.Sqrt(dim));
Console.WriteLine();
Console.WriteLine("plots:");
plots.ToList().ForEach(p => Console.WriteLine($"  {p}"));
return gap >= 0.2 ? 0 : 1;

internal sealed class Sentence
{
    [LoadColumn(0)]
    public bool Label { get; set; }

    [LoadColumn(1)]
    public string Text { get; set; } = "";
}

internal sealed class Prediction
{
    public bool PredictedLabel { get; set; }

    public float Probability { get; set; }
}
