using System.Text.Json;

namespace MlNetPositional.Training.Tests.PyTorch;

/// <summary>The files of Fixtures/pytorch, made by real PyTorch with make_fixtures.py.</summary>
internal static class PyTorchFixtures
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "pytorch");

    public static string File(string name) => Path.Combine(Folder, name);

    /// <summary>The inputs and PyTorch's outputs recorded in NAME.io.json.</summary>
    public static (long[][] Ids, long[][]? Mask, float[][][] Outputs) InputsAndOutputs(string name)
    {
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(File(name + ".io.json")));
        var root = json.RootElement;
        long[][] Rows(JsonElement e) => [.. e.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt64()).ToArray())];
        var outputs = root.GetProperty("outputs").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(token => token.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray()).ToArray();
        return (Rows(root.GetProperty("ids")), root.TryGetProperty("mask", out var mask) ? Rows(mask) : null, outputs);
    }

    /// <summary>What torch.load gave for each tensor of NAME.pt, recorded in NAME.values.json: dtype, shape and the values as float32, row-major.</summary>
    public static Dictionary<string, (TorchSharp.torch.ScalarType DType, long[] Shape, float[] Values)> Values(string name)
    {
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(File(name + ".values.json")));
        return json.RootElement.EnumerateObject().ToDictionary(
            tensor => tensor.Name,
            tensor => (tensor.Value.GetProperty("dtype").GetString() switch
            {
                "torch.float32" => TorchSharp.torch.ScalarType.Float32,
                "torch.float16" => TorchSharp.torch.ScalarType.Float16,
                var other => throw new InvalidDataException($"{name}.values.json: dtype {other} has no case here"),
            },
            tensor.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(),
            tensor.Value.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray()),
            StringComparer.Ordinal);
    }
}
