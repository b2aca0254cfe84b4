using MlNetPositional.Contract.Onnx;

namespace MlNetPositional.Plots;

/// <summary>A position table: <see cref="Rows"/> x <see cref="Dim"/> floats, row-major.</summary>
public sealed record PositionTable(float[] Values, int Rows, int Dim)
{
    /// <summary>The initializer name of the position table in exported models.</summary>
    public const string InitializerName = Contract.ModelContract.PositionTable;

    /// <summary>Row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Dim, Dim);

    /// <summary>Reads the table from an exported model; null for models without positions (kind none).</summary>
    public static PositionTable? FromOnnx(string path)
    {
        var tensor = OnnxModelFile.Read(path).Graph.Initializer.FirstOrDefault(t => t.Name == InitializerName);
        return tensor is null ? null : new PositionTable(TensorData.Floats(tensor), (int)tensor.Dims[0], (int)tensor.Dims[1]);
    }

    /// <summary>Cosine similarity of every pair of rows.</summary>
    public double[,] CosineSimilarity()
    {
        var norms = Enumerable.Range(0, Rows).Select(r => Math.Sqrt(Dot(Row(r), Row(r)))).ToArray();
        var result = new double[Rows, Rows];
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < Rows; j++)
            {
                result[i, j] = Dot(Row(i), Row(j)) / Math.Max(norms[i] * norms[j], 1e-12);
            }
        }

        return result;
    }

    /// <summary>L2 norm of each row.</summary>
    public double[] RowNorms() => [.. Enumerable.Range(0, Rows).Select(r => Math.Sqrt(Dot(Row(r), Row(r))))];

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }
}
