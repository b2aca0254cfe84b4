using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MlNetPositional.Cli.Progress;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Specs;

namespace MlNetPositional.Cli.Export;

/// <summary>
/// <c>build-model --spec FILE.json --out FILE.onnx [--work DIR]</c>: trains a spec from scratch and
/// exports it, atomically. What the MSBuild model export step runs for each spec.
/// </summary>
internal sealed class BuildModelCommand : ICliVerb
{
    private readonly Option<string> _spec = new("--spec") { Description = "Model spec: { \"model\": {...}, \"training\": {...}, \"export\": {...} }.", Required = true };
    private readonly Option<string> _out = new("--out") { Description = "ONNX file to write.", Required = true };
    private readonly Option<string?> _work = new("--work") { Description = "Directory for the training run, replaced if present (default: FILE.onnx's path + \".run\"); kept for plots." };

    /// <summary>Creates the command.</summary>
    public BuildModelCommand() => Command = new Command("build-model", "Train a spec and export it to ONNX in one step (the build's model export step).") { _spec, _out, _work };

    /// <inheritdoc />
    public Command Command { get; }

    /// <inheritdoc />
    public int Execute(ParseResult parse, CliContext context)
    {
        var (specPath, output) = (parse.GetValue(_spec)!, parse.GetValue(_out)!);
        var spec = TrainingSpec.Load(specPath).Validate(specPath);
        var work = parse.GetValue(_work) ?? Path.ChangeExtension(Path.GetFullPath(output), ".run");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        var clock = Stopwatch.StartNew();
        var metrics = Trainer.Train(spec, work, new PlainProgress(TextWriter.Null, spec.Training.Steps), context.Cancellation);
        ExportCommand.Export(work, output, spec.Export.Opset);

        context.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"built {Path.GetFullPath(output)} from {specPath}: {metrics.Task}, eval_accuracy {metrics.EvalAccuracy:F4}, {clock.Elapsed.TotalSeconds:F1} s (run in {work})"));
        return ExitCodes.Success;
    }
}
