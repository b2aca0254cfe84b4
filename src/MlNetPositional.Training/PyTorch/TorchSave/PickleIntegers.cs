namespace MlNetPositional.Training.PyTorch.TorchSave;

/// <summary>Integers as the Razorvine unpickler gives them: int for small values, long for larger ones.</summary>
internal static class PickleIntegers
{
    /// <summary>The value as a long, or null when it is not an integer that fits one.</summary>
    public static long? AsLong(object? value) => value switch
    {
        int i => i,
        long l => l,
        _ => null,
    };

    /// <summary>A tuple of integers (a size or a stride), or null when it is something else.</summary>
    public static long[]? AsLongs(object? value)
    {
        if (value is not object[] items)
        {
            return null;
        }

        var result = new long[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (AsLong(items[i]) is not { } item)
            {
                return null;
            }

            result[i] = item;
        }

        return result;
    }
}
