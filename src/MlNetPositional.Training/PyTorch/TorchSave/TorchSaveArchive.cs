using System.Collections;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using static TorchSharp.torch;

namespace MlNetPositional.Training.PyTorch.TorchSave;

/// <summary>
/// Reads a torch.save zip archive (PyTorch 1.6 and later): <c>NAME/data.pkl</c>, the pickled state
/// dict whose tensors refer to storages, and <c>NAME/data/KEY</c>, each storage's raw little-endian
/// elements. Each tensor comes back as PyTorch's <c>torch.load</c> gives it — with any storage offset
/// or strides, from a storage other tensors may share — as a contiguous tensor of its own.
/// </summary>
internal static partial class TorchSaveArchive
{
    /// <summary>The state dict's tensors by name.</summary>
    /// <exception cref="InvalidWeightsException">Not a state dict, a whole pickled module, a view outside its storage, a missing or short storage record.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        using var archive = ZipFile.OpenRead(path);
        var prefix = RecordFolder(archive, path);
        CheckByteOrder(archive, prefix, path);
        return Materialize(archive, prefix, StateDictEntries(Unpickle(archive.GetEntry(prefix + "data.pkl")!, path), path), path);
    }

    private static object Unpickle(ZipArchiveEntry pickle, string path)
    {
        using var stream = pickle.Open();
        using var unpickler = new TorchSaveUnpickler();
        try
        {
            return unpickler.load(stream);
        }
        catch (PickleException e)
        {
            // Razorvine refuses to call a global it has no constructor for (os.system, a class's
            // constructor with arguments, ...): such a pickle is not a state dict. Its message ends
            // with advice for Razorvine's users, not ours: name the global, keep the rest inside.
            var called = RefusedGlobal().Match(e.Message);
            throw new InvalidWeightsException(path, called.Success
                ? $"its pickle calls {called.Groups[1].Value}(...), which this reader does not build: it builds tensors and dictionaries only and runs nothing from the pickle."
                : "its pickle holds something other than tensors and dictionaries, which this reader does not build (nothing in it is run).", e);
        }
    }

    [GeneratedRegex(@"\(for ([\w.]+)\)")]
    private static partial Regex RefusedGlobal();

    /// <summary>The folder every record sits in (torch.save names it after the file): the one that holds data.pkl.</summary>
    private static string RecordFolder(ZipArchive archive, string path)
    {
        var pickles = archive.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.IndexOf('/', StringComparison.Ordinal) == e.FullName.Length - "/data.pkl".Length).ToList();
        return pickles.Count == 1
            ? pickles[0].FullName[..^"data.pkl".Length]
            : throw new InvalidWeightsException(path, $"it is a zip archive but not a torch.save file: torch.save writes one FOLDER/data.pkl record, this archive has {pickles.Count}.");
    }

    private static void CheckByteOrder(ZipArchive archive, string prefix, string path)
    {
        // Newer PyTorch records the saving machine's byte order; older archives are little-endian.
        if (archive.GetEntry(prefix + "byteorder") is { } record)
        {
            using var reader = new StreamReader(record.Open());
            var order = reader.ReadToEnd().Trim();
            if (order != "little")
            {
                throw new InvalidWeightsException(path, $"its storages are in '{order}' byte order; only little-endian archives are read.");
            }
        }
    }

    /// <summary>The (name, tensor) pairs of the unpickled top object, which must be a dictionary of tensors; in name order, as the unpickled Hashtable keeps no order.</summary>
    private static List<(string Name, PickledTensor Tensor)> StateDictEntries(object top, string path)
    {
        switch (top)
        {
            case Hashtable table:
                var entries = new List<(string, PickledTensor)>(table.Count);
                foreach (DictionaryEntry entry in table)
                {
                    var name = entry.Key as string
                        ?? throw new InvalidWeightsException(path, $"it is not a state_dict: a key is a {Describe(entry.Key)}, not a tensor name.");
                    entries.Add((name, entry.Value as PickledTensor
                        ?? throw new InvalidWeightsException(path, $"it is not a state_dict: entry '{name}' holds a {Describe(entry.Value)}, not a tensor.")));
                }

                entries.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
                return entries;
            case ClassDict module when module.ContainsKey("_parameters") || module.ContainsKey("_modules"):
                throw new InvalidWeightsException(path, $"it holds a whole pickled module, not a state_dict (a {module.ClassName}); in PyTorch save model.state_dict() instead of the model.");
            default:
                throw new InvalidWeightsException(path, $"it is a torch.save file but not a state_dict (its top object is not a dictionary of tensors); it holds a {Describe(top)}.");
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "None",
        ClassDict pickled => pickled.ClassName,
        ArrayList => "list",
        object[] => "tuple",
        string => "str",
        _ => value.GetType().Name,
    };

    /// <summary>Reads each storage record once and copies every tensor out of its storage, after checking it lies inside it.</summary>
    private static Dictionary<string, Tensor> Materialize(ZipArchive archive, string prefix, List<(string Name, PickledTensor Tensor)> entries, string path)
    {
        var storages = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, pickled) in entries)
            {
                if (!storages.TryGetValue(pickled.Storage.Key, out var storage))
                {
                    storage = ReadStorage(archive, prefix, pickled.Storage, name, path);
                    storages[pickled.Storage.Key] = storage;
                }

                if (pickled.BoundsProblem() is { } problem)
                {
                    throw new InvalidWeightsException(path, $"tensor '{name}' {problem}");
                }

                tensors[name] = pickled.CopyFrom(storage);
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
        finally
        {
            foreach (var storage in storages.Values)
            {
                storage.Dispose();
            }
        }
    }

    private static Tensor ReadStorage(ZipArchive archive, string prefix, PickledStorage storage, string tensorName, string path)
    {
        var recordName = $"data/{storage.Key}";
        var record = archive.GetEntry(prefix + recordName)
            ?? throw new InvalidWeightsException(path, $"tensor '{tensorName}': its storage record {recordName} is missing from the archive.");
        if (storage.ByteCount != record.Length)
        {
            throw new InvalidWeightsException(path,
                $"tensor '{tensorName}': storage record {recordName} holds {record.Length} bytes but the pickle declares {storage.Elements} elements of {storage.TypeName} ({storage.ElementSize} bytes each).");
        }

        var elements = empty(storage.Elements, storage.DType);
        try
        {
            using var stream = record.Open();
            stream.ReadExactly(elements.bytes);
            return elements;
        }
        catch
        {
            elements.Dispose();
            throw;
        }
    }
}
