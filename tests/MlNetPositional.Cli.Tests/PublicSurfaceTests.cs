using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Cli.Tests;

/// <summary>
/// The CLI's public surface is the host entry point and its exit codes: verbs, flags and progress
/// rendering are internal, reached only through <see cref="CliApp.Run"/>.
/// </summary>
[TestClass]
public sealed class PublicSurfaceTests
{
    [TestMethod]
    public void CliAssembly_ExportsExactlyTheUserFacingTypes()
    {
        var exported = PublicSurface.Of(typeof(CliApp).Assembly);

        CollectionAssert.AreEqual(
            new[]
            {
                "MlNetPositional.Cli.CliApp",
                "MlNetPositional.Cli.ExitCodes",
            },
            exported,
            string.Join(", ", exported));
    }

    [TestMethod]
    public void CliAssembly_ShowsItsInternalsOnlyToTestsAndBenchmarks()
    {
        CollectionAssert.AreEqual(new[] { "MlNetPositional.Cli.Tests" }, PublicSurface.FriendsOf(typeof(CliApp).Assembly));
    }
}
