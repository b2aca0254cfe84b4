using System.Diagnostics;

namespace MlNetPositional.Tests.Shared;

/// <summary>
/// Runs a program to completion and captures its output; shared (as a linked source file) by the test
/// and benchmark projects that drive the CLI, msbuild, node or a pipeline in a process of its own.
/// </summary>
internal static class ProcessRunner
{
    /// <summary>Runs <paramref name="program"/>; kills it and throws <see cref="TimeoutException"/> past <paramref name="timeout"/>.</summary>
    /// <param name="environment">Variables to set (or, with a null value, remove) for the program only.</param>
    public static (int Code, string Stdout, string Stderr) Run(string program, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
