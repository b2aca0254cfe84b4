using System.Reflection;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Benchmarks;

/// <summary>
/// The reference workload's model: embedding only, vocabulary 1000, dim 256, max length 64. Trained
/// for one step (the weights do not matter for speed) and exported by the CLI, cached per user.
/// </summary>
internal static class ReferenceModel
{
    public const int VocabSize = 1000;
    public const int Dim = 256;
    public const int MaxLength = 64;

    public static string Path { get; } = Create();

    private static string Create()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlnet-positional-benchmarks", "reference-v2");
        var model = System.IO.Path.Combine(folder, "model.onnx");
        if (File.Exists(model))
        {
            return model;
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Cli("train", "--task", "order", "--layers", "0", "--vocab-size", $"{VocabSize}", "--dim", $"{Dim}", "--max-len", $"{MaxLength}",
            "--steps", "1", "--batch-size", "8", "--eval-every", "1", "--seed", "1", "--out", folder);
        Cli("export", "--checkpoint", folder, "--out", model);
        return model;
    }

    private static void Cli(params string[] arguments)
    {
        var cli = typeof(ReferenceModel).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MlNetPositionalCli").Value!;
        var (code, _, stderr) = ProcessRunner.Run("dotnet", [cli, .. arguments], TimeSpan.FromMinutes(5));
        if (code != 0)
        {
            throw new InvalidOperationException($"mlnet-positional {string.Join(' ', arguments)} failed: {stderr}");
        }
    }
}
