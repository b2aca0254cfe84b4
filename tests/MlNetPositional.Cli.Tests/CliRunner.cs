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

    /// <summary>Starts the CLI in a process of its own (output redirected), as a shell or a scheduler would.</summary>
    public static System.Diagnostics.Process Start(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mlnet-positional.dll"));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        return System.Diagnostics.Process.Start(start)!;
    }

    public static string NewDirectory(string name) =>
        Path.Combine(Path.GetTempPath(), "mlnet-positional-cli-tests", $"{name}-{Guid.NewGuid():N}");
}
