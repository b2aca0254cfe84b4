using System.CommandLine;

namespace MlNetPositional.Cli;

/// <summary>One verb of the CLI: its System.CommandLine command and what it does once parsed.</summary>
internal interface ICliVerb
{
    /// <summary>The command, with its options.</summary>
    Command Command { get; }

    /// <summary>Runs the verb; returns the exit code. Throws the library's typed exceptions for bad input.</summary>
    int Execute(ParseResult parse, CliContext context);
}

/// <summary>Where a verb writes and whether it may draw live progress.</summary>
/// <param name="Stdout">Normal output.</param>
/// <param name="Interactive">True on a terminal (live progress bars).</param>
/// <param name="Cancellation">Signalled by Ctrl+C.</param>
internal sealed record CliContext(TextWriter Stdout, bool Interactive, CancellationToken Cancellation);
