using Razorvine.Pickle.Objects;
using static TorchSharp.torch;

namespace MlNetPositional.Training.PyTorch.TorchSave;

/// <summary>
/// A storage named by a torch.save pickle (its persistent id <c>('storage', torch.FloatStorage, KEY,
/// location, numel)</c>): the raw little-endian elements of archive record <c>data/KEY</c>, which
/// every tensor saved as a view of it indexes with its own storage offset and strides.
/// </summary>
/// <param name="Key">The record's name under <c>data/</c>.</param>
/// <param name="TypeName">The storage class, e.g. <c>FloatStorage</c>.</param>
/// <param name="DType">The element type.</param>
/// <param name="ElementSize">Bytes per element.</param>
/// <param name="Elements">The storage's element count, as the pickle declares it.</param>
internal sealed record PickledStorage(string Key, string TypeName, ScalarType DType, int ElementSize, long Elements)
{
    private static readonly Dictionary<string, (ScalarType DType, int Size)> StorageTypes = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = (ScalarType.Float32, 4),
        ["HalfStorage"] = (ScalarType.Float16, 2),
        ["BFloat16Storage"] = (ScalarType.BFloat16, 2),
        ["DoubleStorage"] = (ScalarType.Float64, 8),
        ["LongStorage"] = (ScalarType.Int64, 8),
        ["IntStorage"] = (ScalarType.Int32, 4),
        ["ShortStorage"] = (ScalarType.Int16, 2),
        ["CharStorage"] = (ScalarType.Int8, 1),
        ["ByteStorage"] = (ScalarType.Byte, 1),
        ["BoolStorage"] = (ScalarType.Bool, 1),
        ["ComplexFloatStorage"] = (ScalarType.ComplexFloat32, 8),
        ["ComplexDoubleStorage"] = (ScalarType.ComplexFloat64, 16),
    };

    /// <summary>The storage a persistent id names.</summary>
    /// <exception cref="InvalidDataException">The id is not a storage reference of a known element type.</exception>
    public static PickledStorage FromPersistentId(object persistentId)
    {
        if (persistentId is not object[] { Length: 5 } id || id[0] is not "storage" || id[1] is not ClassDictConstructor { module: "torch" } type
            || id[2] is not string key || PickleIntegers.AsLong(id[4]) is not { } elements || elements < 0)
        {
            throw new InvalidDataException("its pickle refers to external data that is not a torch storage ('storage', type, key, location, numel).");
        }

        return StorageTypes.TryGetValue(type.name, out var known)
            ? new PickledStorage(key, type.name, known.DType, known.Size, elements)
            : throw new InvalidDataException($"its pickle holds a storage of type torch.{type.name}, which is not read (known: {string.Join(", ", StorageTypes.Keys)}).");
    }

    /// <summary>The record's byte count these elements need, or null if it overflows.</summary>
    public long? ByteCount => Elements <= long.MaxValue / ElementSize ? Elements * ElementSize : null;
}
