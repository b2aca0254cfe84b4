using System.Collections;
using MlNetPositional.Contract.Files;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Interop;

/// <summary>
/// PyTorch state dicts on disk: <c>torch.save</c> zip archives and <c>.safetensors</c> files, read and
/// written with TorchSharp.PyBridge. Reading a pickle runs no code: PyBridge's unpickler (Razorvine
/// Pickle) builds only what its registered constructors know — tensors (<c>_rebuild_tensor_v2</c>
/// over the archive's raw storages) and OrderedDict — and turns any other class into an inert
/// dictionary; it refuses a pickled module's parameters and the legacy (pre-1.6, non-zip) format.
/// </summary>
public static class StateDictFile
{
    /// <summary>Reads every tensor of a state dict, by name, as stored (no dtype conversion).</summary>
    /// <exception cref="InvalidWeightsException">Missing, not a state dict, a whole pickled module, or unreadable.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidWeightsException(path, "the file does not exist.");
        }

        try
        {
            return IsZip(path) ? ReadPickle(path) : Safetensors.LoadStateDict(path);
        }
        catch (InvalidWeightsException)
        {
            throw;
        }
        catch (NotImplementedException e) when (e.Message.Contains("entire model", StringComparison.Ordinal))
        {
            throw new InvalidWeightsException(path, "it holds a whole pickled module, not a state_dict; in PyTorch save model.state_dict() instead of the model.", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidWeightsException(path,
                $"it is neither a torch.save state_dict (a zip archive; the legacy pre-1.6 format is not read) nor a safetensors file: {e.Message}", e);
        }
    }

    /// <summary>Writes <paramref name="tensors"/> atomically: a torch.save-compatible pickle for <c>.pt</c>/<c>.pth</c>/<c>.bin</c>, safetensors for <c>.safetensors</c>.</summary>
    /// <exception cref="ArgumentException">Another extension.</exception>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var ordered = new Dictionary<string, Tensor>(tensors);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".safetensors":
                AtomicFile.Write(path, stream => Safetensors.SaveStateDict(stream, ordered, leaveOpen: true));
                break;
            case ".pt" or ".pth" or ".bin":
                var table = new Hashtable();
                foreach (var (name, tensor) in ordered)
                {
                    table[name] = tensor;
                }

                AtomicFile.Write(path, stream => PyTorchPickler.PickleStateDict(stream, table, leaveOpen: true));
                break;
            default:
                throw new ArgumentException($"{path}: the format follows the extension: .pt (torch.save) or .safetensors.", nameof(path));
        }
    }

    private static bool IsZip(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> signature = stackalloc byte[4];
        return stream.Read(signature) == 4 && signature is [0x50, 0x4b, 0x03, 0x04];
    }

    private static Dictionary<string, Tensor> ReadPickle(string path)
    {
        Hashtable table;
        try
        {
            table = PyTorchUnpickler.UnpickleStateDict(path);
        }
        catch (InvalidCastException e)
        {
            throw new InvalidWeightsException(path, "it is a torch.save file but not a state_dict (its top object is not a dictionary of tensors).", e);
        }

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            tensors[(string)entry.Key] = entry.Value as Tensor
                ?? throw new InvalidWeightsException(path, $"it is not a state_dict: entry '{entry.Key}' holds a {entry.Value?.GetType().Name ?? "null"}, not a tensor.");
        }

        return tensors;
    }
}
