using System.Text.Json;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Cli.Tests.External;

/// <summary>
/// ONNX Runtime outside .NET: its Node.js binding (npm package onnxruntime-node), installed on first
/// use into the test output folder, runs External/node-ort/run-model.js.
/// </summary>
internal static class NodeOnnxRuntime
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "External", "node-ort");

    public static (float[] Embeddings, long[] EmbeddingDims, float[] Pooled) Run(string model, params string[] rows) => Run(model, "right", rows);

    /// <summary>Runs the rows padded on the <paramref name="pad"/> side ("left" or "right").</summary>
    public static (float[] Embeddings, long[] EmbeddingDims, float[] Pooled) Run(string model, string pad, params string[] rows)
    {
        EnsureInstalled();
        var (code, stdout, stderr) = Execute("node", ["run-model.js", "--pad", pad, model, .. rows], TimeSpan.FromMinutes(10));
        Assert.AreEqual(0, code, $"node failed: {stderr}");
        using var json = JsonDocument.Parse(stdout);
        float[] Data(string output) => [.. json.RootElement.GetProperty(output).GetProperty("data").EnumerateArray().Select(v => v.GetSingle())];
        var dims = json.RootElement.GetProperty("embeddings").GetProperty("dims").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        return (Data("embeddings"), dims, Data("pooled"));
    }

    private static void EnsureInstalled()
    {
        if (Directory.Exists(Path.Combine(Folder, "node_modules", "onnxruntime-node")))
        {
            return;
        }

        // No lock file: package.json pins the version; scripts are skipped (the package ships its
        // CPU binaries, the install script only fetches optional GPU ones).
        var (code, _, stderr) = Execute("npm", ["install", "--no-package-lock", "--no-audit", "--no-fund", "--ignore-scripts"], TimeSpan.FromMinutes(8));
        Assert.AreEqual(0, code, $"npm install onnxruntime-node failed: {stderr}");
    }

    private static (int Code, string Stdout, string Stderr) Execute(string program, string[] arguments, TimeSpan timeout) =>
        ProcessRunner.Run(program, arguments, timeout, Folder);
}
