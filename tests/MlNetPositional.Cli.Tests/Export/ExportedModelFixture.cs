namespace MlNetPositional.Cli.Tests.Export;

/// <summary>One small reverse-task run, trained and exported through the CLI, shared by the export tests.</summary>
internal static class ExportedModelFixture
{
    private static readonly Lazy<(string Run, string Model)> Built = new(Build);

    public static string Run => Built.Value.Run;

    public static string Model => Built.Value.Model;

    private static (string, string) Build()
    {
        var run = CliRunner.NewDirectory("export-run");
        var train = CliRunner.Run("train", "--task", "reverse", "--layers", "2", "--heads", "2", "--dim", "16", "--max-len", "8",
            "--vocab-size", "16", "--batch-size", "64", "--steps", "60", "--eval-every", "20", "--seed", "1", "--out", run);
        Assert.AreEqual(0, train.ExitCode, train.Stderr);
        var model = Path.Combine(run, "model.onnx");
        var export = CliRunner.Run("export", "--checkpoint", run, "--out", model);
        Assert.AreEqual(0, export.ExitCode, export.Stderr);
        return (run, model);
    }
}
