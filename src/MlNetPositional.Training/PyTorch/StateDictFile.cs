using System.Collections;
using MlNetPositional.Contract.Files;
using MlNetPositional.Training.PyTorch.Safetensors;
using MlNetPositional.Training.PyTorch.TorchSave;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MlNetPositional.Training.PyTorch;

/// <summary>
/// PyTorch state dicts on disk: <c>torch.save</c> zip archives and <c>.safetensors</c> files. Reading
/// is this project's own (<see cref="TorchSaveArchive"/>, <see cref="SafetensorsFile"/>): every
/// tensor comes back as PyTorch loads it, views included, and every field of the file is checked
/// before a tensor is made. Reading a pickle runs no code: the Razorvine unpickler builds only
/// tensors and OrderedDicts and turns any other class into an inert dictionary. Writing uses
/// TorchSharp.PyBridge. Every refusal is an <see cref="InvalidWeightsException"/> of one line.
/// </summary>
internal static class StateDictFile
{
    private static readonly byte[] ZipSignature = [0x50, 0x4b, 0x03, 0x04];

    // The pickle that opens a legacy (pre-1.6) torch.save file: PROTO 2, then the magic number as LONG1.
    private static readonly byte[] LegacyTorchSaveStart = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

    /// <summary>Reads every tensor of a state dict, by name, as stored (no dtype conversion); each tensor is contiguous and owns its memory.</summary>
    /// <exception cref="InvalidWeightsException">
    /// Missing; neither format; a legacy torch.save file; not a state dict or a whole pickled module; a tensor
    /// view outside its storage; a safetensors header field the format does not allow (the message names the
    /// tensor and the field); any other read error (inside, as the inner exception).
    /// </exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidWeightsException(path, "the file does not exist.");
        }

        var format = DetectFormat(path);
        try
        {
            return format switch
            {
                Format.TorchSave => TorchSaveArchive.Read(path),
                Format.Safetensors => SafetensorsFile.Read(path),
                Format.LegacyTorchSave => throw new InvalidWeightsException(path,
                    "it is a legacy torch.save file (PyTorch before 1.6), which is not read; load it in PyTorch and save it again with torch.save (zip format) or as safetensors."),
                _ => throw new InvalidWeightsException(path,
                    "it is neither a torch.save state_dict (a zip archive; the legacy pre-1.6 format is not read) nor a safetensors file."),
            };
        }
        catch (InvalidWeightsException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The format was recognised; what broke is inside it (a damaged archive, a pickle the reader
            // cannot build, a libtorch error): one line, the details in the inner exception.
            var what = format == Format.TorchSave ? "a torch.save archive" : "a safetensors file";
            throw new InvalidWeightsException(path, $"it is {what} that cannot be read: {e.Message}", e);
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
                AtomicFile.Write(path, stream => TorchSharp.PyBridge.Safetensors.SaveStateDict(stream, ordered, leaveOpen: true));
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

    private enum Format
    {
        Neither,
        TorchSave,
        LegacyTorchSave,
        Safetensors,
    }

    /// <summary>
    /// From the first bytes: a zip archive is torch.save's; a legacy pickle is recognised by its magic
    /// number; a file named .safetensors, or whose header (after the 8-byte length) opens a JSON object,
    /// is read as safetensors, so that a bad field in it is reported as such.
    /// </summary>
    private static Format DetectFormat(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> start = stackalloc byte[LegacyTorchSaveStart.Length];
        var read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        start = start[..read];
        return start.StartsWith(ZipSignature) ? Format.TorchSave
            : start.StartsWith(LegacyTorchSaveStart) ? Format.LegacyTorchSave
            : Path.GetExtension(path).Equals(".safetensors", StringComparison.OrdinalIgnoreCase) || (read > 8 && start[8] == (byte)'{') ? Format.Safetensors
            : Format.Neither;
    }
}
