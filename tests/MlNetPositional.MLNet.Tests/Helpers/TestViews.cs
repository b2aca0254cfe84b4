using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.MLNet.Tests;

/// <summary>Reading and comparing the output of a transform, shared by the test classes.</summary>
internal static class TestViews
{
    private const float Tolerance = 1e-6f;

    internal static List<float[]> Column(IDataView view, string name = "Features") =>
        [.. view.GetColumn<float[]>(name)];

    internal static void AssertClose(float[] expected, float[] actual, string what, float tolerance = Tolerance)
    {
        Assert.AreEqual(expected.Length, actual.Length, what);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.IsTrue(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}[{i}]: {expected[i]} vs {actual[i]}");
        }
    }

    /// <summary>ML.NET's own DataViewSchema -> SchemaShape conversion (internal, reached by reflection in tests only).</summary>
    internal static SchemaShape SchemaShapeOf(MLContext ml, IDataView data) => ToShape(data.Schema);

    private static SchemaShape ToShape(DataViewSchema schema) => (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)!.Invoke(null, [schema])!;
}
