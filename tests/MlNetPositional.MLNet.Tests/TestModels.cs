using System.Reflection;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// Models for the ML.NET tests, trained and exported by the CLI in a separate process (so this test
/// output never loads TorchSharp) and cached for the test run.
/// </summary>
internal static class TestModels
{
    private static readonly Lazy<string> OrderModel = new(() => TrainAndExport("order",
        "--task", "order", "--layers", "2", "--heads", "2", "--dim", "32", "--max-len", "8", "--vocab-size", "12",
        "--batch-size", "128", "--steps", "250", "--eval-every", "50", "--seed", "1"));

    private static readonly Lazy<string> RopeModel = new(() => TrainAndExport("rope",
        "--task", "match-back", "--positional", "rope", "--layers", "1", "--heads", "2", "--dim", "16", "--max-len", "8", "--vocab-size", "12",
        "--batch-size", "32", "--steps", "20", "--eval-every", "20", "--seed", "1"));

    /// <summary>An order-task model: vocabulary [PAD] [UNK] t2..t11 (A = t2, B = t3), max length 8, dim 32.</summary>
    public static string Order => OrderModel.Value;

    /// <summary>A rope model (no length limit) trained on match-back at lengths up to 8: dim 16, vocabulary [PAD] [UNK] t2..t11.</summary>
    public static string Rope => RopeModel.Value;

    private static string TrainAndExport(string name, params string[] trainArguments)
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlnet-positional-mlnet-tests", $"{name}-{Guid.NewGuid():N}");
        var model = Path.Combine(folder, "model.onnx");
        Run(["train", .. trainArguments, "--out", folder]);
        Run(["export", "--checkpoint", folder, "--out", model]);
        return model;
    }

    private static void Run(string[] arguments) => RunDotnet("MlNetPositionalCli", arguments);

    /// <summary>Runs a built program of this repository (named by an assembly metadata key) and returns its stdout.</summary>
    /// <param name="programKey">The assembly metadata key that holds the program's path.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="environment">Variables set for the program only (for example TMPDIR).</param>
    public static string RunDotnet(string programKey, string[] arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var program = typeof(TestModels).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == programKey).Value!;
        var (code, stdout, stderr) = ProcessRunner.Run("dotnet", [program, .. arguments], TimeSpan.FromMinutes(5), environment: environment);
        Assert.AreEqual(0, code, $"{programKey} {string.Join(' ', arguments)}: {stderr}{stdout}");
        return stdout;
    }
}
