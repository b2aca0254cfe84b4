using MlNetPositional.Contract;

namespace MlNetPositional.Contract.Tests;

[TestClass]
public sealed class TokenizerRecordTests
{
    private const string MlNetDescription = "mlnet:NormalizeText(case=lower,keepDiacritics=false,keepPunctuations=true,keepNumbers=true)+TokenizeIntoWords(separators=' ')";

    [TestMethod]
    public void Record_RoundTripsThroughMetadata()
    {
        var metadata = Metadata() with { Tokenizer = MlNetDescription, TokenizerRecord = new TokenizerRecord("mlnet-words", LowerCase: true) };

        var read = ModelMetadata.FromProperties(metadata.ToProperties().ToDictionary(p => p.Key, p => p.Value), "test");

        Assert.AreEqual(new TokenizerRecord("mlnet-words", true), read.TokenizerRecord);
        StringAssert.Contains(metadata.ToProperties().Single(p => p.Key == ModelContract.Keys.TokenizerRecord).Value, "\"lower_case\":true");
    }

    [TestMethod]
    [DataRow(MlNetDescription, "mlnet-words", true)]
    [DataRow("microsoft.ml.tokenizers:tiktoken:r50k_base", "tiktoken:r50k_base", false)]
    public void FileWithOnlyADescription_GetsTheRecordItMeant(string description, string name, bool lowerCase)
    {
        var properties = Metadata().ToProperties().ToDictionary(p => p.Key, p => p.Value);
        properties[ModelContract.Keys.Tokenizer] = description;

        var read = ModelMetadata.FromProperties(properties, "older file");

        Assert.AreEqual(new TokenizerRecord(name, lowerCase), read.TokenizerRecord);
    }

    [TestMethod]
    public void NoTokenizer_NoRecord_AndABrokenRecordIsRefused()
    {
        var properties = Metadata().ToProperties().ToDictionary(p => p.Key, p => p.Value);
        Assert.IsNull(ModelMetadata.FromProperties(properties, "ids model").TokenizerRecord);

        properties[ModelContract.Keys.TokenizerRecord] = "{not json";
        var error = Assert.ThrowsExactly<InvalidOnnxModelException>(() => ModelMetadata.FromProperties(properties, "broken"));
        StringAssert.Contains(error.Message, "tokenizer record");
    }

    private static ModelMetadata Metadata() => new()
    {
        Config = new ModelConfig { VocabSize = 4, MaxLength = 4, Dim = 4, Heads = 1, Layers = 0 },
        Vocabulary = Vocabulary.Synthetic(4),
        ProducerVersion = "test",
    };
}
