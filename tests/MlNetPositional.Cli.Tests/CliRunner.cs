namespace MlNetPositional.Cli.Tests;

/// <summary>Runs the CLI in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static string NewDirectory(string name) =>
        Path.Combine(Path.GetTempPath(), "mlnet-positional-cli-tests", $"{name}-{Guid.NewGuid():N}");
}
