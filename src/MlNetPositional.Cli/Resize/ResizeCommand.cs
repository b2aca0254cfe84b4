using System.CommandLine;
using MlNetPositional.Training.Resize;

namespace MlNetPositional.Cli.Resize;

/// <summary>
/// <c>resize (--checkpoint DIR | --model FILE.onnx) --max-len N --method interpolate|extend-sinusoidal|truncate --out DIR|FILE</c>:
/// a new max length for a learned position table.
/// </summary>
internal sealed class ResizeCommand : ICliVerb
{
    private readonly Option<string?> _checkpoint = new("--checkpoint") { Description = "Training run directory to resize (then fine-tune with train --resume OUT --steps N)." };
    private readonly Option<string?> _model = new("--model") { Description = "Exported ONNX model to resize instead." };
    private readonly Option<int> _maxLength = new("--max-len") { Description = "The new max length (rows of the position table).", Required = true };
    private readonly Option<string> _method = new("--method") { Description = $"{string.Join(", ", ResizeMethodNames.All)}.", Required = true };
    private readonly Option<string> _out = new("--out") { Description = "New run directory (with --checkpoint) or ONNX file (with --model).", Required = true };

    /// <summary>Creates the command.</summary>
    public ResizeCommand() => Command = new Command("resize", "Give a checkpoint or an exported model a longer or shorter position table.") { _checkpoint, _model, _maxLength, _method, _out };

    /// <inheritdoc />
    public Command Command { get; }

    /// <inheritdoc />
    public int Execute(ParseResult parse, CliContext context)
    {
        var (checkpoint, model, maxLength, output) = (parse.GetValue(_checkpoint), parse.GetValue(_model), parse.GetValue(_maxLength), parse.GetValue(_out)!);
        if ((checkpoint is null) == (model is null))
        {
            throw new UsageException("give exactly one of --checkpoint DIR or --model FILE.");
        }

        ResizeMethod method;
        try
        {
            method = ResizeMethodNames.Parse(parse.GetValue(_method));
        }
        catch (FormatException e)
        {
            throw new UsageException($"--method: {e.Message}");
        }

        try
        {
            if (checkpoint is not null)
            {
                if (!Directory.Exists(checkpoint))
                {
                    throw new UsageException($"--checkpoint {checkpoint}: the directory does not exist.");
                }

                var state = ModelResizer.ResizeCheckpoint(checkpoint, maxLength, method, output);
                context.Stdout.WriteLine($"wrote {Path.GetFullPath(output)}: max length {state.Model.MaxLength} ({method.ToName()}), step {state.Step}; fine-tune with: train --resume {output} --steps {state.Step + 200}");
            }
            else
            {
                var config = ModelResizer.ResizeModel(model!, maxLength, method, output);
                context.Stdout.WriteLine($"wrote {Path.GetFullPath(output)}: max length {config.MaxLength} ({method.ToName()})");
            }
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        catch (IOException e)
        {
            throw new UsageException($"--out {output}: {e.Message}");
        }

        return ExitCodes.Success;
    }
}
