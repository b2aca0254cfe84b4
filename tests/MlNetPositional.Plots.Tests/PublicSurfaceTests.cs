using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Plots.Tests;

/// <summary>
/// The plots package's public surface: the position-table, run and study plots and the readers they draw from.
/// </summary>
[TestClass]
public sealed class PublicSurfaceTests
{
    [TestMethod]
    public void PlotsAssembly_ExportsExactlyTheUserFacingTypes()
    {
        var exported = PublicSurface.Of(typeof(RunPlots).Assembly);

        CollectionAssert.AreEqual(
            new[]
            {
                "MlNetPositional.Plots.PositionTable",
                "MlNetPositional.Plots.RunPlots",
                "MlNetPositional.Plots.Study.StudyPlots",
                "MlNetPositional.Plots.Study.StudyResult",
                "MlNetPositional.Plots.Study.StudyResults",
                "MlNetPositional.Plots.TrainLogReader",
                "MlNetPositional.Plots.TrainLogRow",
            },
            exported,
            string.Join(", ", exported));
    }

    [TestMethod]
    public void PlotsAssembly_ShowsItsInternalsOnlyToTestsAndBenchmarks()
    {
        CollectionAssert.AreEqual(Array.Empty<string>(), PublicSurface.FriendsOf(typeof(RunPlots).Assembly));
    }
}
