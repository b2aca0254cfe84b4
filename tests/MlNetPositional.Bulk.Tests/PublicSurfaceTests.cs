using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Bulk.Tests;

/// <summary>The bulk library's public surface: the embedder, its options, progress, summary, output schema and its one exception.</summary>
[TestClass]
public sealed class PublicSurfaceTests
{
    [TestMethod]
    public void BulkAssembly_ExportsExactlyTheUserFacingTypes()
    {
        var exported = PublicSurface.Of(typeof(BulkEmbedder).Assembly);

        CollectionAssert.AreEqual(
            new[]
            {
                "MlNetPositional.Bulk.BulkEmbedder",
                "MlNetPositional.Bulk.BulkEmbeddingOptions",
                "MlNetPositional.Bulk.BulkEmbeddingProgress",
                "MlNetPositional.Bulk.BulkEmbeddingSummary",
                "MlNetPositional.Bulk.EmbeddingFileSchema",
                "MlNetPositional.Bulk.EmbeddingFileSchema+Keys",
                "MlNetPositional.Bulk.InvalidBulkInputException",
                "MlNetPositional.Bulk.ShardSpec",
            },
            exported,
            string.Join(", ", exported));
    }

    [TestMethod]
    public void BulkAssembly_OpensItsInternalsToTestsOnly()
    {
        var friends = PublicSurface.FriendsOf(typeof(BulkEmbedder).Assembly);

        Assert.IsTrue(friends.All(f => f.EndsWith(".Tests", StringComparison.Ordinal) || f.EndsWith(".Benchmarks", StringComparison.Ordinal)), string.Join(", ", friends));
    }
}
