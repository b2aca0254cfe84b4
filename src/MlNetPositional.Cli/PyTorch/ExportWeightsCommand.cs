using System.CommandLine;
using MlNetPositional.Training.PyTorch;

namespace MlNetPositional.Cli.PyTorch;

/// <summary><c>export-weights --checkpoint DIR --out FILE.pt|FILE.safetensors</c>: a checkpoint as a PyTorch state dict.</summary>
internal sealed class ExportWeightsCommand : ICliVerb
{
    private readonly Option<string> _checkpoint = new("--checkpoint") { Description = "Training run directory (holds checkpoint.bin).", Required = true };
    private readonly Option<string> _out = new("--out") { Description = "FILE.pt (torch.load) or FILE.safetensors; FILE.config.json and FILE.vocab.json are written next to it.", Required = true };

    /// <summary>Creates the command.</summary>
    public ExportWeightsCommand() => Command = new Command("export-weights", "Export a checkpoint's encoder as a PyTorch state_dict (.pt or .safetensors) for docs/mlnet_positional.py.") { _checkpoint, _out };

    /// <inheritdoc />
    public Command Command { get; }

    /// <inheritdoc />
    public int Execute(ParseResult parse, CliContext context)
    {
        var (checkpoint, output) = (parse.GetValue(_checkpoint)!, parse.GetValue(_out)!);
        if (!Directory.Exists(checkpoint))
        {
            throw new UsageException($"--checkpoint {checkpoint}: the directory does not exist.");
        }

        if (Path.GetExtension(output).ToLowerInvariant() is not (".pt" or ".pth" or ".bin" or ".safetensors"))
        {
            throw new UsageException($"--out {output}: the format follows the extension, .pt (torch.save) or .safetensors.");
        }

        IReadOnlyList<string> names;
        try
        {
            names = WeightExporter.Export(checkpoint, output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write --out {output}: {e.Message}");
        }

        context.Stdout.WriteLine($"wrote {Path.GetFullPath(output)} ({names.Count} tensors), {output}.config.json and {output}.vocab.json");
        return ExitCodes.Success;
    }
}
