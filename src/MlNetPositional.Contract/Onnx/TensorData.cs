using System.Buffers.Binary;
using MlNetPositional.Contract.Onnx.Schema;
using DataType = MlNetPositional.Contract.Onnx.Schema.TensorProto.Types.DataType;

namespace MlNetPositional.Contract.Onnx;

/// <summary>Reads a TensorProto's values whether they are in raw_data or in the typed fields.</summary>
public static class TensorData
{
    /// <summary>Number of elements the dims describe.</summary>
    public static long ElementCount(TensorProto tensor) => tensor.Dims.Aggregate(1L, (product, d) => product * d);

    /// <summary>FLOAT values.</summary>
    public static float[] Floats(TensorProto tensor) => Read(tensor, DataType.Float, 4, tensor.FloatData, b => BinaryPrimitives.ReadSingleLittleEndian(b));

    /// <summary>DOUBLE values.</summary>
    public static double[] Doubles(TensorProto tensor) => Read(tensor, DataType.Double, 8, tensor.DoubleData, b => BinaryPrimitives.ReadDoubleLittleEndian(b));

    /// <summary>INT64 values.</summary>
    public static long[] Int64s(TensorProto tensor) => Read(tensor, DataType.Int64, 8, tensor.Int64Data, b => BinaryPrimitives.ReadInt64LittleEndian(b));

    /// <summary>INT32 values.</summary>
    public static int[] Int32s(TensorProto tensor) => Read(tensor, DataType.Int32, 4, tensor.Int32Data, b => BinaryPrimitives.ReadInt32LittleEndian(b));

    /// <summary>BOOL values (stored one byte each in raw_data, or as int32_data).</summary>
    public static bool[] Bools(TensorProto tensor) =>
        Read(tensor, DataType.Bool, 1, tensor.Int32Data.Select(v => v != 0).ToList(), b => b[0] != 0);

    private static T[] Read<T>(TensorProto tensor, DataType expected, int size, IReadOnlyList<T> typed, Func<ReadOnlySpan<byte>, T> decode)
    {
        if (tensor.DataType != (int)expected)
        {
            throw new InvalidDataException($"Tensor '{tensor.Name}' has data type {(DataType)tensor.DataType}, not {expected}.");
        }

        var count = ElementCount(tensor);
        if (!tensor.HasRawData)
        {
            return typed.Count == count ? [.. typed] : throw new InvalidDataException($"Tensor '{tensor.Name}' holds {typed.Count} values for {count} elements.");
        }

        var raw = tensor.RawData.Span;
        if (raw.Length != count * size)
        {
            throw new InvalidDataException($"Tensor '{tensor.Name}' has {raw.Length} bytes of raw_data for {count} elements of {size} bytes.");
        }

        var values = new T[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = decode(raw.Slice(i * size, size));
        }

        return values;
    }
}
