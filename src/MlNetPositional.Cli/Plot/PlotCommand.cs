using System.CommandLine;
using MlNetPositional.Contract;
using MlNetPositional.Plots;
using MlNetPositional.Training.Runs;

namespace MlNetPositional.Cli.Plot;

/// <summary><c>plot --run DIR [--out DIR]</c>: PNGs of a training run (position similarity, norms, curves).</summary>
internal sealed class PlotCommand : ICliVerb
{
    private readonly Option<string> _run = new("--run") { Description = "Training run directory.", Required = true };
    private readonly Option<string?> _out = new("--out") { Description = "Folder for the PNGs (default: DIR/plots)." };

    /// <summary>Creates the command.</summary>
    public PlotCommand() => Command = new Command("plot", "Plot a run: cosine similarity and norms of the position table, training curves.") { _run, _out };

    /// <inheritdoc />
    public Command Command { get; }

    /// <inheritdoc />
    public int Execute(ParseResult parse, CliContext context)
    {
        var run = parse.GetValue(_run)!;
        if (!Directory.Exists(run))
        {
            throw new UsageException($"--run {run}: the directory does not exist.");
        }

        var files = new RunFiles(run);
        var (state, positions) = Trainer.ReadPositionTable(run);
        var table = positions is null ? null : new PositionTable(positions, state.Model.MaxLength, state.Model.Dim);

        // Learned tables start N(0, 1): an untrained row's norm is about sqrt(dim).
        double? initialNorm = state.Model.Positional == PositionalKind.Learned ? Math.Sqrt(state.Model.Dim) : null;
        var written = RunPlots.Write(table, files.Log, parse.GetValue(_out) ?? Path.Combine(files.Directory, "plots"), initialNorm);
        foreach (var path in written)
        {
            context.Stdout.WriteLine(path);
        }

        return ExitCodes.Success;
    }
}
