using static TorchSharp.torch;

namespace MlNetPositional.Training.PyTorch.Safetensors;

/// <summary>
/// The element types of the safetensors format (its specification's list), their width in bits,
/// and the TorchSharp type each is read as (none for the types TorchSharp 0.107 lacks: unsigned
/// 16/32/64-bit, fp8, fp6 and fp4).
/// </summary>
/// <param name="Name">The header's name for it, e.g. <c>F32</c>.</param>
/// <param name="Bits">Width of one element in bits.</param>
/// <param name="Torch">The TorchSharp element type, or null if it has none.</param>
internal sealed record SafetensorsDtype(string Name, int Bits, ScalarType? Torch)
{
    private static readonly Dictionary<string, SafetensorsDtype> Known = new SafetensorsDtype[]
    {
        new("BOOL", 8, ScalarType.Bool), new("U8", 8, ScalarType.Byte), new("I8", 8, ScalarType.Int8),
        new("I16", 16, ScalarType.Int16), new("I32", 32, ScalarType.Int32), new("I64", 64, ScalarType.Int64),
        new("F16", 16, ScalarType.Float16), new("BF16", 16, ScalarType.BFloat16), new("F32", 32, ScalarType.Float32),
        new("F64", 64, ScalarType.Float64), new("C64", 64, ScalarType.ComplexFloat32),
        new("U16", 16, null), new("U32", 32, null), new("U64", 64, null),
        new("F8_E5M2", 8, null), new("F8_E4M3", 8, null), new("F8_E8M0", 8, null), new("F8_E4M3FNUZ", 8, null), new("F8_E5M2FNUZ", 8, null),
        new("F6_E2M3", 6, null), new("F6_E3M2", 6, null), new("F4", 4, null),
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>The names the format defines, for messages.</summary>
    public static string Names => string.Join(", ", Known.Keys);

    /// <summary>The dtype named <paramref name="name"/>, or null if the format has no such dtype.</summary>
    public static SafetensorsDtype? Find(string name) => Known.GetValueOrDefault(name);
}
