using MlNetPositional.Contract;

namespace MlNetPositional.Plots.Tests;

[TestClass]
public sealed class TrainLogReaderTests
{
    [TestMethod]
    public void Read_RowsWithAndWithoutEvaluation()
    {
        var path = Path.Combine(Path.GetTempPath(), $"train-log-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, $"{TrainLogColumns.Header}\n1,2.5,,,0.001,0.120\n2,2.25,2.0,0.5,0.002,0.250\n");

        var rows = TrainLogReader.Read(path);

        Assert.AreEqual(2, rows.Count);
        Assert.AreEqual(new TrainLogRow(1, 2.5, null, null, 0.001, 0.12), rows[0]);
        Assert.AreEqual(new TrainLogRow(2, 2.25, 2.0, 0.5, 0.002, 0.25), rows[1]);
    }

    [TestMethod]
    public void Read_MalformedRow_NamesFileAndLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"train-log-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, $"{TrainLogColumns.Header}\n1,2.5,,,0.001,0.120\nnot,a,row\n");

        var error = Assert.ThrowsExactly<InvalidDataException>(() => TrainLogReader.Read(path));

        StringAssert.Contains(error.Message, $"{path}, line 3");
    }
}
