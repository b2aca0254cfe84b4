using System.CommandLine;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Plots;
using MlNetPositional.Training.Runs;

namespace MlNetPositional.Cli.Plot;

/// <summary>
/// <c>plot (--run DIR | --model FILE.onnx) [--out DIR]</c>: PNGs of a training run (position similarity,
/// norms, curves) or of a model file's position table (any model of the contract, adopted pretrained ones too).
/// </summary>
internal sealed class PlotCommand : ICliVerb
{
    private readonly Option<string?> _run = new("--run") { Description = "Training run directory." };
    private readonly Option<string?> _model = new("--model") { Description = "Instead of --run: a model file (.onnx); its position table is plotted." };
    private readonly Option<string?> _out = new("--out") { Description = "Folder for the PNGs (default: DIR/plots, or FILE's folder/plots)." };

    /// <summary>Creates the command.</summary>
    public PlotCommand() => Command = new Command("plot", "Plot a run (cosine similarity and norms of the position table, training curves) or a model file's position table.") { _run, _model, _out };

    /// <inheritdoc />
    public Command Command { get; }

    /// <inheritdoc />
    public int Execute(ParseResult parse, CliContext context)
    {
        var (run, model) = (parse.GetValue(_run), parse.GetValue(_model));
        if ((run is null) == (model is null))
        {
            throw new UsageException("give either --run DIR or --model FILE.onnx.");
        }

        return model is not null ? PlotModel(model, parse.GetValue(_out), context) : PlotRun(run!, parse.GetValue(_out), context);
    }

    private static int PlotModel(string path, string? output, CliContext context)
    {
        var metadata = ModelFileMetadata.Read(path);   // refuses a file that is not a model of the contract, naming why
        var table = PositionTable.FromOnnx(path)
            ?? throw new UsageException($"--model {path}: it has no position table ({metadata.Config.Positional.ToName()} positions): nothing to plot.");
        foreach (var written in RunPlots.Write(table, null, output ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "plots")))
        {
            context.Stdout.WriteLine(written);
        }

        return ExitCodes.Success;
    }

    private static int PlotRun(string run, string? output, CliContext context)
    {
        if (!Directory.Exists(run))
        {
            throw new UsageException($"--run {run}: the directory does not exist.");
        }

        var files = new RunFiles(run);
        var (state, positions) = Trainer.ReadPositionTable(run);
        var table = positions is null ? null : new PositionTable(positions, state.Model.MaxLength, state.Model.Dim);

        // Learned tables start N(0, 1): an untrained row's norm is about sqrt(dim).
        double? initialNorm = state.Model.Positional == PositionalKind.Learned ? Math.Sqrt(state.Model.Dim) : null;
        var written = RunPlots.Write(table, files.Log, output ?? Path.Combine(files.Directory, "plots"), initialNorm);
        foreach (var path in written)
        {
            context.Stdout.WriteLine(path);
        }

        return ExitCodes.Success;
    }
}
