using System.IO.Compression;
using System.Text;
using Microsoft.ML;

namespace MlNetPositional.MLNet.Tests;

/// <summary>Saving pipelines in ML.NET's forms, and reading back what a batched load put in them.</summary>
internal static class SavedPipelines
{
    /// <summary>A new zip path in the temp folder.</summary>
    public static string NewPath() => Path.Combine(Path.GetTempPath(), $"batched-load-{Guid.NewGuid():N}.zip");

    /// <summary>Saves with <c>Model.Save(model, schema, path)</c>; <paramref name="schema"/> may be null, as ML.NET allows.</summary>
    public static string Save(MLContext ml, ITransformer model, DataViewSchema? schema)
    {
        var path = NewPath();
        ml.Model.Save(model, schema, path);
        return path;
    }

    /// <summary>
    /// Saves <paramref name="model"/>, loads it in another process with plain ML.NET (MlNetPositional.PlainMlNetLoader,
    /// which references nothing of this library) and returns the "Features" it scored for <paramref name="rows"/>
    /// (token arrays, or strings for raw text), from Transform and from a PredictionEngine.
    /// </summary>
    public static (List<float[]> Transform, List<float[]> Engine) ScoreInPlainMlNet(MLContext ml, ITransformer model, DataViewSchema schema, object rows)
    {
        var folder = Directory.CreateTempSubdirectory("cross-process-").FullName;
        ml.Model.Save(model, schema, Path.Combine(folder, "pipeline.zip"));
        File.WriteAllText(Path.Combine(folder, "rows.json"), System.Text.Json.JsonSerializer.Serialize(rows));

        var stdout = TestModels.RunDotnet("PlainMlNetLoader", [Path.Combine(folder, "pipeline.zip"), Path.Combine(folder, "rows.json")]);

        Directory.Delete(folder, recursive: true);
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        List<float[]> Part(string name) => [.. json.RootElement.GetProperty(name).EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray())];
        return (Part("transform"), Part("engine"));
    }

    /// <summary>Every batched transformer in <paramref name="loaded"/>, nested chains included, in order.</summary>
    public static List<PositionalEmbeddingTransformer> Batched(ITransformer loaded) => loaded switch
    {
        PositionalEmbeddingTransformer batched => [batched],
        IEnumerable<ITransformer> chain => [.. chain.SelectMany(Batched)],
        _ => [],
    };

    /// <summary>
    /// A copy of the zip at <paramref name="path"/> whose saved-transform records claim version 9: a file
    /// that stock ML.NET still loads (ONNX Runtime ignores metadata) and this library must refuse. The
    /// replacement keeps the length, so the protobuf and the entry's length prefix stay valid.
    /// </summary>
    public static string WithRecordVersion9(string path)
    {
        var copy = NewPath();
        File.Copy(path, copy);
        using var zip = ZipFile.Open(copy, ZipArchiveMode.Update);
        var (from, to) = (Encoding.UTF8.GetBytes("{\"Version\":1,"), Encoding.UTF8.GetBytes("{\"Version\":9,"));
        var changed = 0;
        foreach (var entry in zip.Entries.Where(e => e.Name == "OnnxModel").ToList())
        {
            byte[] bytes;
            using (var stream = entry.Open())
            using (var buffer = new MemoryStream())
            {
                stream.CopyTo(buffer);
                bytes = buffer.ToArray();
            }

            var at = bytes.AsSpan().IndexOf(from);
            if (at < 0)
            {
                continue;
            }

            to.CopyTo(bytes, at);
            using var write = entry.Open();
            write.SetLength(0);
            write.Write(bytes);
            changed++;
        }

        Assert.AreNotEqual(0, changed, "no saved-transform record found to change");
        return copy;
    }
}
