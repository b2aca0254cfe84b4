using System.Globalization;
using System.Reflection;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Cli.Tests.Build;

/// <summary>The README's first command, run as a user runs it (on the model the build exported).</summary>
[TestClass]
public sealed class QuickstartTests
{
    [TestMethod]
    public void Quickstart_PositionalBeatsBagOfTokensBy20Points_WritesPlots_Exits0()
    {
        var quickstart = typeof(QuickstartTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Quickstart").Value!;
        var (code, output, stderr) = ProcessRunner.Run("dotnet", [quickstart], TimeSpan.FromMinutes(5));

        Assert.AreEqual(0, code, output + stderr);
        var bag = Accuracy(output, "bag of tokens (stock ML.NET)");
        var positional = Accuracy(output, "ApplyPositionalEmbedding");
        Assert.IsTrue(positional - bag >= 0.2, $"positional {positional}, bag of tokens {bag}");
        var plots = output.Split('\n').Select(l => l.Trim()).Where(l => l.EndsWith(".png", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(3, plots.Count, output);
        Assert.IsTrue(plots.All(File.Exists));
    }

    private static double Accuracy(string output, string row)
    {
        var line = output.Split('\n').Single(l => l.StartsWith(row, StringComparison.Ordinal));
        return double.Parse(line[row.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
    }
}
