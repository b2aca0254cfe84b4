using Microsoft.ML.Data;

namespace MlNetPositional.MLNet.Tests;

// Input rows of every token kind the transform takes, shared by the test classes.

internal sealed class TextRow
{
    [VectorType]
    public string[] Tokens { get; set; } = [];
}

internal sealed class Int32Row
{
    [VectorType]
    public int[] Tokens { get; set; } = [];
}

internal sealed class Int64Row
{
    [VectorType]
    public long[] Tokens { get; set; } = [];
}

internal sealed class RawKeyRow
{
    [KeyType(12)]
    [VectorType]
    public uint[] Tokens { get; set; } = [];
}

internal sealed class MixedRow
{
    public float Score { get; set; }

    [VectorType(2)]
    public float[] Values { get; set; } = [];

    public string Text { get; set; } = "";
}
