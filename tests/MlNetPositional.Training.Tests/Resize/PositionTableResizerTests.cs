using MlNetPositional.Training.Model;
using MlNetPositional.Training.Resize;

namespace MlNetPositional.Training.Tests.Resize;

[TestClass]
public sealed class PositionTableResizerTests
{
    [TestMethod]
    public void Interpolate_IsLinearAlongPositions_EndsKept()
    {
        float[] table = [0, 10, 2, 12, 4, 14];   // 3 rows of dim 2

        var longer = PositionTableResizer.Resize(table, dim: 2, newRows: 5, ResizeMethod.Interpolate);
        var shorter = PositionTableResizer.Resize(table, dim: 2, newRows: 2, ResizeMethod.Interpolate);

        CollectionAssert.AreEqual(new float[] { 0, 10, 1, 11, 2, 12, 3, 13, 4, 14 }, longer);
        CollectionAssert.AreEqual(new float[] { 0, 10, 4, 14 }, shorter);
    }

    [TestMethod]
    public void ExtendSinusoidal_KeepsLearnedRows_NewRowsAreSinusoidsAtTheLearnedNorm()
    {
        var random = new Random(1);
        var table = Enumerable.Range(0, 4 * 8).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        double Norm(float[] t, int row) => Math.Sqrt(t.Skip(row * 8).Take(8).Sum(v => (double)v * v));
        var learnedNorm = Enumerable.Range(0, 4).Average(r => Norm(table, r));

        var extended = PositionTableResizer.Resize(table, dim: 8, newRows: 7, ResizeMethod.ExtendSinusoidal);

        CollectionAssert.AreEqual(table, extended[..table.Length], "learned rows unchanged");
        var sinusoids = SinusoidalTable.Create(7, 8);
        for (var r = 4; r < 7; r++)
        {
            Assert.AreEqual(learnedNorm, Norm(extended, r), 1e-5, $"row {r} norm");
            var scale = extended[r * 8] / sinusoids[r * 8];
            for (var c = 0; c < 8; c++)
            {
                Assert.AreEqual(sinusoids[(r * 8) + c] * scale, extended[(r * 8) + c], 1e-5, $"row {r}, column {c}: the sinusoid's direction");
            }
        }
    }

    [TestMethod]
    public void Truncate_KeepsTheFirstRows_AndRefusesToLengthen()
    {
        float[] table = [1, 2, 3, 4, 5, 6];

        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4 }, PositionTableResizer.Resize(table, 2, 2, ResizeMethod.Truncate));
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PositionTableResizer.Resize(table, 2, 4, ResizeMethod.Truncate));
        StringAssert.Contains(error.Message, "truncate only shortens");
    }
}
