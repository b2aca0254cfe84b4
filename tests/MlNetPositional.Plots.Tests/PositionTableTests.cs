namespace MlNetPositional.Plots.Tests;

[TestClass]
public sealed class PositionTableTests
{
    [TestMethod]
    public void CosineSimilarity_OfKnownRows()
    {
        // Rows: e0, e1, e0 + e1, -e0.
        var table = new PositionTable([1, 0, 0, 1, 1, 1, -1, 0], Rows: 4, Dim: 2);

        var similarity = table.CosineSimilarity();

        Assert.AreEqual(1.0, similarity[0, 0], 1e-12);
        Assert.AreEqual(0.0, similarity[0, 1], 1e-12);
        Assert.AreEqual(Math.Sqrt(0.5), similarity[0, 2], 1e-12);
        Assert.AreEqual(-1.0, similarity[0, 3], 1e-12);
        Assert.AreEqual(similarity[2, 1], similarity[1, 2], 1e-12);
    }

    [TestMethod]
    public void RowNorms_AreEuclidean()
    {
        var table = new PositionTable([3, 4, 0, 0, 1, 1], Rows: 3, Dim: 2);

        CollectionAssert.AreEqual(new[] { 5.0, 0.0, Math.Sqrt(2) }, table.RowNorms());
    }
}
