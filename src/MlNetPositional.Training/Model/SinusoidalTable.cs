namespace MlNetPositional.Training.Model;

/// <summary>The fixed sine/cosine position encodings of "Attention Is All You Need".</summary>
internal static class SinusoidalTable
{
    /// <summary>
    /// Row-major [maxLength, dim] values: even columns sin(pos / 10000^(2i/dim)), odd columns the
    /// cosine of the same angle. Computed in double so every platform gets the same floats.
    /// </summary>
    public static float[] Create(int maxLength, int dim)
    {
        var table = new float[maxLength * dim];
        for (var pos = 0; pos < maxLength; pos++)
        {
            for (var column = 0; column < dim; column++)
            {
                var pairIndex = column / 2;
                var angle = pos / Math.Pow(10000.0, 2.0 * pairIndex / dim);
                table[(pos * dim) + column] = (float)(column % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        }

        return table;
    }
}
