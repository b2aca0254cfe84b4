namespace MlNetPositional.Training.PyTorch.Safetensors;

/// <summary>One tensor of a safetensors header, validated: its bytes are [Begin, End) of the data buffer (after the header), row-major.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="Dtype">Its element type.</param>
/// <param name="Shape">Its shape (non-negative; empty for a scalar).</param>
/// <param name="Begin">Offset of its first byte in the data buffer.</param>
/// <param name="End">Offset one past its last byte; End - Begin is its element count times the element size.</param>
/// <param name="Index">Its position in the header, to blame the later of two entries that collide.</param>
internal sealed record SafetensorsEntry(string Name, SafetensorsDtype Dtype, long[] Shape, long Begin, long End, int Index)
{
    /// <summary>The data_offsets as the header writes them.</summary>
    public string Offsets => $"[{Begin}, {End}]";
}
