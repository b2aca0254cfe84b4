using System.Diagnostics;
using System.Reflection;

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

    /// <summary>An order-task model: vocabulary [PAD] [UNK] t2..t11 (A = t2, B = t3), max length 8, dim 32.</summary>
    public static string Order => OrderModel.Value;

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
    public static string RunDotnet(string programKey, string[] arguments)
    {
        var program = typeof(TestModels).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == programKey).Value!;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{programKey} {string.Join(' ', arguments)} did not finish in 5 minutes.");
        }

        Assert.AreEqual(0, process.ExitCode, $"{programKey} {string.Join(' ', arguments)}: {stderr.Result}{stdout.Result}");
        return stdout.Result;
    }
}
