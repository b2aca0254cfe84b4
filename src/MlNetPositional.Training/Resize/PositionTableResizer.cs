using MlNetPositional.Training.Model;

namespace MlNetPositional.Training.Resize;

/// <summary>A row-major [rows, dim] position table resized to a new number of rows.</summary>
internal static class PositionTableResizer
{
    /// <summary>The table with <paramref name="newRows"/> rows.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="newRows"/> below 1, or <see cref="ResizeMethod.Truncate"/> asked to lengthen.</exception>
    public static float[] Resize(float[] table, int dim, int newRows, ResizeMethod method)
    {
        var rows = table.Length / dim;
        if (newRows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(newRows), newRows, "The new max length must be at least 1.");
        }

        return method switch
        {
            ResizeMethod.Truncate when newRows > rows =>
                throw new ArgumentOutOfRangeException(nameof(newRows), newRows, $"truncate only shortens; the table has {rows} rows. Use interpolate or extend-sinusoidal to lengthen it."),
            ResizeMethod.Interpolate => Interpolate(table, rows, dim, newRows),
            _ when newRows <= rows => table[..(newRows * dim)],
            _ => ExtendSinusoidal(table, rows, dim, newRows),
        };
    }

    /// <summary>Row j of the new table sits at j·(rows-1)/(newRows-1) of the old one (ends aligned).</summary>
    private static float[] Interpolate(float[] table, int rows, int dim, int newRows)
    {
        var resized = new float[newRows * dim];
        for (var j = 0; j < newRows; j++)
        {
            var x = newRows == 1 || rows == 1 ? 0.0 : (double)j * (rows - 1) / (newRows - 1);
            var low = (int)Math.Floor(x);
            var high = Math.Min(low + 1, rows - 1);
            var weight = x - low;
            for (var c = 0; c < dim; c++)
            {
                resized[(j * dim) + c] = (float)(((1 - weight) * table[(low * dim) + c]) + (weight * table[(high * dim) + c]));
            }
        }

        return resized;
    }

    /// <summary>Learned rows, then sinusoid rows for the new positions scaled to the learned rows' mean L2 norm.</summary>
    private static float[] ExtendSinusoidal(float[] table, int rows, int dim, int newRows)
    {
        var sinusoids = SinusoidalTable.Create(newRows, dim);
        double Norm(float[] values, int row) => Math.Sqrt(Enumerable.Range(row * dim, dim).Sum(i => (double)values[i] * values[i]));
        var learnedNorm = Enumerable.Range(0, rows).Average(r => Norm(table, r));
        var resized = new float[newRows * dim];
        table.CopyTo(resized, 0);
        for (var r = rows; r < newRows; r++)
        {
            var scale = learnedNorm / Math.Max(Norm(sinusoids, r), 1e-12);
            for (var c = 0; c < dim; c++)
            {
                resized[(r * dim) + c] = (float)(sinusoids[(r * dim) + c] * scale);
            }
        }

        return resized;
    }
}
