namespace MlNetPositional.Testing.Tests;

/// <summary>Each model assertion passes on a good model and fails, saying why, on a bad one.</summary>
[TestClass]
public sealed class PositionalModelAssertTests
{
    [TestMethod]
    public void IsValid_GoodModelPasses_TruncatedAndNaNFailNamingTheFileAndCause()
    {
        PositionalModelAssert.IsValid(Models.Order);

        var truncated = Models.Truncated();
        var nan = Models.WithNaN();
        var truncatedError = Assert.ThrowsExactly<AssertFailedException>(() => PositionalModelAssert.IsValid(truncated));
        var nanError = Assert.ThrowsExactly<AssertFailedException>(() => PositionalModelAssert.IsValid(nan));

        StringAssert.Contains(truncatedError.Message, truncated);
        StringAssert.Contains(truncatedError.Message, "expected a model exported by MlNetPositional");
        StringAssert.Contains(nanError.Message, nan);
        StringAssert.Contains(nanError.Message.ToLowerInvariant(), "nan");
    }

    [TestMethod]
    public void IsPositionSensitive_LearnedPositionsPass_ANoneModelFailsWithTheMeasuredChange()
    {
        PositionalModelAssert.IsPositionSensitive(Models.Order, minChange: 0.05);

        var error = Assert.ThrowsExactly<AssertFailedException>(() => PositionalModelAssert.IsPositionSensitive(Models.WithoutPositions));

        StringAssert.Contains(error.Message, "(none positions): moving tokens changed their outputs by ");
        StringAssert.Contains(error.Message, "expected at least 0.01");
    }

    [TestMethod]
    public void MatchesGolden_SameModelPasses_ARetrainFailsNamingTheWorstValue()
    {
        var golden = Path.Combine(Models.NewFolder("golden"), "order.json");
        GoldenOutputs.Record(Models.Order, golden);

        PositionalModelAssert.MatchesGolden(Models.Order, golden);
        var error = Assert.ThrowsExactly<AssertFailedException>(() => PositionalModelAssert.MatchesGolden(Models.RetrainedOrder, golden));
        var missing = Assert.ThrowsExactly<AssertFailedException>(() => PositionalModelAssert.MatchesGolden(Models.Order, golden + ".missing"));

        StringAssert.Matches(error.Message, new System.Text.RegularExpressions.Regex(@"largest difference [0-9.eE+-]+ \(tolerance 0\.0001\) at row \d+, position \d+, value \d+: expected .+, found .+\. If the change is intended, record the golden file again"));
        StringAssert.Contains(missing.Message, "record it once with GoldenOutputs.Record");
        Assert.IsTrue(File.ReadAllLines(golden).Length >= 10, "one line per sample: diffable");
    }
}
