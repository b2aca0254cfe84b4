using System.CommandLine;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Training.Export;

namespace MlNetPositional.Cli.Export;

/// <summary><c>export --checkpoint DIR --out FILE.onnx [--opset N]</c>: writes the encoder as ONNX, atomically.</summary>
internal sealed class ExportCommand : ICliVerb
{
    private readonly Option<string> _checkpoint = new("--checkpoint") { Description = "Training run directory (holds checkpoint.bin).", Required = true };
    private readonly Option<string> _out = new("--out") { Description = "ONNX file to write.", Required = true };
    private readonly Option<int> _opset = new("--opset") { Description = $"ONNX opset, {OnnxVersions.MinOpset}..{OnnxVersions.MaxOpset}.", DefaultValueFactory = _ => OnnxVersions.DefaultOpset };

    /// <summary>Creates the command.</summary>
    public ExportCommand() => Command = new Command("export", "Export a trained encoder to ONNX (embeddings + pooled, self-describing metadata).") { _checkpoint, _out, _opset };

    /// <inheritdoc />
    public Command Command { get; }

    /// <inheritdoc />
    public int Execute(ParseResult parse, CliContext context)
    {
        var (checkpoint, output, opset) = (parse.GetValue(_checkpoint)!, parse.GetValue(_out)!, parse.GetValue(_opset));
        if (OnnxVersions.OpsetProblem(opset, "--opset") is { } problem)
        {
            throw new UsageException(problem);
        }

        if (!Directory.Exists(checkpoint))
        {
            throw new UsageException($"--checkpoint {checkpoint}: the directory does not exist.");
        }

        var model = Export(checkpoint, output, opset);
        context.Stdout.WriteLine($"wrote {Path.GetFullPath(output)} ({new FileInfo(output).Length} bytes, opset {opset}, IR {model.IrVersion})");
        return ExitCodes.Success;
    }

    /// <summary>Exports a run; an unwritable output becomes a usage error naming <c>--out</c>.</summary>
    internal static Contract.Onnx.OnnxModelSummary Export(string checkpoint, string output, int opset)
    {
        try
        {
            return OnnxExporter.ExportCheckpoint(checkpoint, output, opset);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write --out {output}: {e.Message}");
        }
    }
}
