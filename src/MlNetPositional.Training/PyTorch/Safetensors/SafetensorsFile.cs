using static TorchSharp.torch;

namespace MlNetPositional.Training.PyTorch.Safetensors;

/// <summary>
/// Reads a <c>.safetensors</c> file: the header is validated first (<see cref="SafetensorsHeader"/>),
/// then each tensor is made from exactly the bytes its validated entry names. Building the tensors
/// from the validated entries (rather than handing the file to another parser) guarantees that what
/// was checked is what is loaded.
/// </summary>
internal static class SafetensorsFile
{
    /// <summary>The tensors by name, in header order.</summary>
    /// <exception cref="InvalidWeightsException">A header field the format does not allow, or a dtype TorchSharp has no type for.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        using var stream = File.OpenRead(path);
        var header = SafetensorsHeader.Read(stream, path);
        foreach (var entry in header.Entries.Where(e => e.Dtype.Torch is null))
        {
            throw new InvalidWeightsException(path, $"tensor '{entry.Name}': dtype {entry.Dtype.Name} is valid safetensors but has no TorchSharp type; only F32, F16 and BF16 weights are imported.");
        }

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in header.Entries)
            {
                var tensor = empty(entry.Shape, entry.Dtype.Torch!.Value);
                tensors[entry.Name] = tensor;
                stream.Position = header.DataStart + entry.Begin;
                stream.ReadExactly(tensor.bytes);
            }

            return tensors;
        }
        catch
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }

            throw;
        }
    }
}
