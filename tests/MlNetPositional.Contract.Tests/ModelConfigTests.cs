using MlNetPositional.Contract;

namespace MlNetPositional.Contract.Tests;

[TestClass]
public sealed class ModelConfigTests
{
    [TestMethod]
    public void Defaults_AreValid()
    {
        Assert.AreEqual(0, new ModelConfig().Problems().Count);
    }

    [TestMethod]
    [DataRow(64, 32, 30, 4, 1, 0.0, 0, "dim (30) must be divisible by heads (4)")]
    [DataRow(2, 32, 64, 4, 1, 0.0, 0, "vocab_size must be at least 3")]
    [DataRow(64, 0, 64, 4, 1, 0.0, 0, "max_length must be at least 1")]
    [DataRow(64, 32, 64, 4, -1, 0.0, 0, "layers must be 0 or more")]
    [DataRow(64, 32, 64, 4, 1, 1.0, 0, "dropout must be in [0, 1)")]
    [DataRow(64, 32, 64, 4, 1, 0.0, 64, "pad_id must be a token id in [0, vocab_size)")]
    [DataRow(64, 32, 64, 0, 1, 0.0, 0, "heads must be at least 1")]
    public void Validate_BadValue_ThrowsNamingTheFieldAndValue(int vocab, int maxLength, int dim, int heads, int layers, double dropout, int padId, string expected)
    {
        var config = new ModelConfig { VocabSize = vocab, MaxLength = maxLength, Dim = dim, Heads = heads, Layers = layers, Dropout = dropout, PadId = padId };

        var error = Assert.ThrowsExactly<InvalidModelConfigException>(() => config.Validate("spec.json"));

        StringAssert.Contains(error.Message, expected);
        StringAssert.Contains(error.Message, "spec.json");
    }

    [TestMethod]
    public void Validate_NoLayers_HeadsDoNotMatter()
    {
        Assert.AreEqual(0, new ModelConfig { Dim = 30, Heads = 4, Layers = 0 }.Problems().Count);
    }

    [TestMethod]
    public void Json_RoundTrips_WithSnakeCaseAndKebabKind()
    {
        var config = new ModelConfig { VocabSize = 100, MaxLength = 16, Dim = 24, Heads = 3, Layers = 2, Positional = PositionalKind.LearnedSinusoidalInit, PadId = 5, Dropout = 0.1 };

        var json = config.ToJson();

        StringAssert.Contains(json, "\"positional\": \"learned-sinusoidal-init\"");
        StringAssert.Contains(json, "\"vocab_size\": 100");
        Assert.AreEqual(config, ModelConfig.FromJson(json));
    }

    [TestMethod]
    public void FromJson_UnknownKeyOrKind_Throws()
    {
        StringAssert.Contains(Assert.ThrowsExactly<InvalidModelConfigException>(() => ModelConfig.FromJson("""{"dimm": 3}""")).Message, "dimm");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidModelConfigException>(() => ModelConfig.FromJson("""{"positional": "rope"}""")).Message, "rope");
    }
}
