using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Examples;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// The product's job end to end: text in a file -> TokenizeIntoWords -> ApplyPositionalEmbedding -> a
/// stock trainer -> Evaluate, on an order-dependent task generated here (does "t2" come before "t3"?).
/// A bag of tokens cannot see the order; the positional features can.
/// </summary>
[TestClass]
public sealed class FullPipelineTests
{
    [TestMethod]
    public void TextFile_Tokenize_Embed_Train_Evaluate_PositionalBeatsBagOfTokens()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"pipeline-{Guid.NewGuid():N}")).FullName;
        var (train, test) = (Path.Combine(folder, "train.tsv"), Path.Combine(folder, "test.tsv"));
        OrderSentences.WriteTsv(train, rows: 800, seed: 1, maxWords: 8, vocabularySize: 12);
        OrderSentences.WriteTsv(test, rows: 400, seed: 2, maxWords: 8, vocabularySize: 12);
        var ml = new MLContext(seed: 1);
        IDataView Load(string path) => ml.Data.LoadFromTextFile<SentenceRow>(path, hasHeader: true, separatorChar: '\t');

        var positional = ml.Transforms.Text.TokenizeIntoWords("Tokens", nameof(SentenceRow.Text))
            .Append(ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", TestModels.Order))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 50));
        var bagOfTokens = ml.Transforms.Text.TokenizeIntoWords("Tokens", nameof(SentenceRow.Text))
            .Append(ml.Transforms.Conversion.MapValueToKey("Keys", "Tokens"))
            .Append(ml.Transforms.Text.ProduceNgrams("Features", "Keys", ngramLength: 1))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 50));

        var positionalMetrics = ml.BinaryClassification.Evaluate(positional.Fit(Load(train)).Transform(Load(test)));
        var bagMetrics = ml.BinaryClassification.Evaluate(bagOfTokens.Fit(Load(train)).Transform(Load(test)));

        Assert.IsTrue(positionalMetrics.Accuracy >= 0.9, $"positional accuracy {positionalMetrics.Accuracy}");
        Assert.IsTrue(bagMetrics.Accuracy <= 0.65, $"bag-of-tokens accuracy {bagMetrics.Accuracy}");
        Assert.IsTrue(positionalMetrics.Accuracy - bagMetrics.Accuracy >= 0.2);
    }

    internal sealed class SentenceRow
    {
        [LoadColumn(0)]
        public bool Label { get; set; }

        [LoadColumn(1)]
        public string Text { get; set; } = "";
    }
}
