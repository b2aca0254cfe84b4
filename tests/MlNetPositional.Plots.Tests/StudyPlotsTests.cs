using MlNetPositional.Plots.Study;

namespace MlNetPositional.Plots.Tests;

[TestClass]
public sealed class StudyPlotsTests
{
    [TestMethod]
    public void StudyCsvFiles_BecomePngsAndTablesWithMeansRangesAndNotApplicable()
    {
        var folder = Directory.CreateTempSubdirectory("study-").FullName;
        File.WriteAllLines(Path.Combine(folder, "length.csv"), ["kind,seed,min_len,max_len,accuracy,baseline", "rope,1,1,32,0.9,0.6", "rope,2,1,32,0.7,0.6", "rope,1,33,64,0.5,0.55", "rope,2,33,64,0.6,0.55", "learned,1,1,32,1,0.6", "learned,1,33,64,,"]);
        File.WriteAllLines(Path.Combine(folder, "data.csv"), ["kind,task,seed,sequences,accuracy,baseline", "rope,reverse,1,2048,0.2,0.07", "rope,reverse,1,8192,0.6,0.07"]);
        File.WriteAllLines(Path.Combine(folder, "reliance.csv"), ["kind,task,seed,accuracy,shuffled,baseline", "learned,order,1,0.99,0.51,0.5"]);
        var output = Path.Combine(folder, "out");

        var written = StudyPlots.Write(folder, output);

        CollectionAssert.AreEquivalent(new[] { "length-generalisation.png", "data-efficiency-reverse.png", "tables.md" }, written.Select(Path.GetFileName).ToArray());
        Assert.IsTrue(written.Where(f => f.EndsWith(".png", StringComparison.Ordinal)).All(f => new FileInfo(f).Length > 10_000));
        var tables = File.ReadAllText(Path.Combine(output, "tables.md"));
        StringAssert.Contains(tables, "| rope | 0.800 (0.700-0.900) | 0.550 (0.500-0.600) |");
        StringAssert.Contains(tables, "| learned | 1.000 (1.000-1.000) | n/a |");
        StringAssert.Contains(tables, "| learned | 0.990 (0.990-0.990) | 0.510 (0.510-0.510) |");
    }
}
