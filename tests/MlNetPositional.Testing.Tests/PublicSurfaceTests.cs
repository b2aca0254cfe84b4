using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Testing.Tests;

/// <summary>
/// The MSTest kit's public surface: the assertions, their metrics, golden outputs and sample sequences.
/// </summary>
[TestClass]
public sealed class PublicSurfaceTests
{
    [TestMethod]
    public void TestingAssembly_ExportsExactlyTheUserFacingTypes()
    {
        var exported = PublicSurface.Of(typeof(PositionalModelAssert).Assembly);

        CollectionAssert.AreEqual(
            new[]
            {
                "MlNetPositional.Testing.BinaryMetric",
                "MlNetPositional.Testing.GoldenOutputs",
                "MlNetPositional.Testing.MulticlassMetric",
                "MlNetPositional.Testing.PipelineAssert",
                "MlNetPositional.Testing.PositionalModelAssert",
                "MlNetPositional.Testing.SampleSequences",
            },
            exported,
            string.Join(", ", exported));
    }

    [TestMethod]
    public void TestingAssembly_ShowsItsInternalsOnlyToTestsAndBenchmarks()
    {
        CollectionAssert.AreEqual(Array.Empty<string>(), PublicSurface.FriendsOf(typeof(PositionalModelAssert).Assembly));
    }
}
