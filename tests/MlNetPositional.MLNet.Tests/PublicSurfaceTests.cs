using MlNetPositional.Tests.Shared;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// The public surface is what users need: catalog extensions, estimator, transformer, options, enums,
/// the exceptions they catch and read-only model metadata. Scoring graphs, row handlers and input
/// kinds stay internal, so they can change without breaking anyone. (The contract assembly's surface,
/// the protobuf types included, is pinned by its own tests.)
/// </summary>
[TestClass]
public sealed class PublicSurfaceTests
{
    [TestMethod]
    public void MLNetAssembly_ExportsExactlyTheUserFacingTypes()
    {
        var exported = PublicSurface.Of(typeof(PositionalEmbeddingEstimator).Assembly);

        CollectionAssert.AreEqual(
            new[]
            {
                "MlNetPositional.Inference.EmbeddingResult",
                "MlNetPositional.Inference.PositionalEmbeddingModel",
                "MlNetPositional.Inference.PositionalInputException",
                "MlNetPositional.Inference.ScoringOptions",
                "MlNetPositional.PositionalEmbeddingCatalog",
                "MlNetPositional.PositionalEmbeddingColumns",
                "MlNetPositional.PositionalEmbeddingEstimator",
                "MlNetPositional.PositionalEmbeddingModelOperations",
                "MlNetPositional.PositionalEmbeddingOptions",
                "MlNetPositional.PositionalEmbeddingTransformer",
                "MlNetPositional.PositionalOverLength",
                "MlNetPositional.PositionalPooling",
                "MlNetPositional.Pretrained.AdoptedModel",
                "MlNetPositional.Pretrained.AdoptedPooling",
                "MlNetPositional.Pretrained.BertAdoptionOptions",
                "MlNetPositional.Pretrained.BertEncoderAdopter",
                "MlNetPositional.Pretrained.EncoderAssembly",
                "MlNetPositional.Pretrained.NotBertFamilyException",
                "MlNetPositional.Text.CharacterTokenNames",
                "MlNetPositional.Text.InvalidTextFileException",
                "MlNetPositional.Text.TextFile",
                "MlNetPositional.Text.TextFileFormat",
                "MlNetPositional.Text.TextFileRow",
                "MlNetPositional.Text.TextTokenizer",
                "MlNetPositional.TokenColumnKind",
            },
            exported,
            string.Join(", ", exported));
    }

    [TestMethod]
    public void MLNetAssembly_ShowsItsInternalsOnlyToItsTestsAndBenchmarks()
    {
        CollectionAssert.AreEqual(new[] { "MlNetPositional.Benchmarks", "MlNetPositional.MLNet.Tests" }, PublicSurface.FriendsOf(typeof(PositionalEmbeddingEstimator).Assembly));
    }

    [TestMethod]
    public void FittedTransformer_ExposesNoSettableSetting()
    {
        var settable = typeof(PositionalEmbeddingTransformer).GetProperties().Where(p => p.SetMethod?.IsPublic == true).Select(p => p.Name).ToArray();

        Assert.AreEqual(0, settable.Length, string.Join(", ", settable));
        Assert.IsNull(typeof(PositionalEmbeddingTransformer).GetProperty("Options"), "a mutable options object would let a fitted transformer change");
    }
}
