using System.CommandLine;
using System.Globalization;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Training.PyTorch;

namespace MlNetPositional.Cli.PyTorch;

/// <summary>
/// <c>import --weights FILE --out MODEL.onnx [--layout auto|seed|bert|gpt2|mlnet-positional|map] [--map role=tensor]...
/// [--vocab FILE] [--norm-eps E] [--config FILE] [--checkpoint-out DIR] [--opset N]</c>: a PyTorch state dict into a model of this project.
/// </summary>
internal sealed class ImportCommand : ICliVerb
{
    private readonly Option<string> _weights = new("--weights") { Description = "A PyTorch state_dict: torch.save file (.pt, .pth, .bin) or .safetensors.", Required = true };
    private readonly Option<string> _out = new("--out") { Description = "ONNX file to write.", Required = true };
    private readonly Option<string?> _layout = new("--layout") { Description = $"How tensors map to the model: {string.Join(", ", WeightLayoutNames.All)} (default auto: recognised from the names)." };
    private readonly Option<string[]> _map = new("--map") { Description = "With --layout map: role=tensor, roles token, position, segment, norm-weight, norm-bias (repeatable)." };
    private readonly Option<string?> _vocab = new("--vocab") { Description = "Token strings in id order: one per line (vocab.txt) or JSON (array, or token-to-id object). Default: tokens are their ids." };
    private readonly Option<double?> _normEpsilon = new("--norm-eps") { Description = "Epsilon of an imported embedding LayerNorm (default: 1e-12 for bert, 1e-5 otherwise)." };
    private readonly Option<string?> _config = new("--config") { Description = "For --layout mlnet-positional: the model config (default: WEIGHTS.config.json)." };
    private readonly Option<string?> _checkpointOut = new("--checkpoint-out") { Description = "Also write a checkpoint here (for resize, export-weights, train --resume)." };
    private readonly Option<int> _opset = new("--opset") { Description = $"ONNX opset, {OnnxVersions.MinOpset}..{OnnxVersions.MaxOpset}.", DefaultValueFactory = _ => OnnxVersions.DefaultOpset };

    /// <summary>Creates the command.</summary>
    public ImportCommand() => Command = new Command("import", "Import PyTorch token and position embeddings (seed module, BERT-style, GPT-2-style, a map) or an export-weights file into an ONNX model.")
    {
        _weights, _out, _layout, _map, _vocab, _normEpsilon, _config, _checkpointOut, _opset,
    };

    /// <inheritdoc />
    public Command Command { get; }

    /// <inheritdoc />
    public int Execute(ParseResult parse, CliContext context)
    {
        var (weights, output, opset) = (parse.GetValue(_weights)!, parse.GetValue(_out)!, parse.GetValue(_opset));
        if (OnnxVersions.OpsetProblem(opset, "--opset") is { } problem)
        {
            throw new UsageException(problem);
        }

        WeightLayout layout;
        try
        {
            layout = WeightLayoutNames.Parse(parse.GetValue(_layout));
        }
        catch (FormatException e)
        {
            throw new UsageException($"--layout: {e.Message}");
        }

        var request = new ImportRequest
        {
            WeightsPath = weights,
            Layout = layout,
            Map = ParseMap(parse.GetValue(_map) ?? []),
            VocabularyPath = parse.GetValue(_vocab),
            NormEpsilon = parse.GetValue(_normEpsilon),
            ConfigPath = parse.GetValue(_config),
        };
        using var model = WeightImporter.Import(request);
        double parity;
        try
        {
            parity = ImportedModelWriter.WriteOnnx(model, output, weights, opset);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write --out {output}: {e.Message}");
        }

        var config = model.Config;
        context.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"imported {weights} (layout {model.Layout.ToName()}): vocab {config.VocabSize}, max length {config.MaxLength}, dim {config.Dim}, {config.Layers} layer(s){(config.SegmentRow ? ", segment row" : "")}{(config.EmbeddingNorm ? $", embedding LayerNorm (eps {config.EffectiveEmbeddingNormEpsilon:G3})" : "")}"));
        foreach (var note in model.Notes)
        {
            context.Stdout.WriteLine($"  {note}");
        }

        context.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {Path.GetFullPath(output)}; parity: max |ONNX Runtime - TorchSharp| = {parity:G3}"));
        if (parse.GetValue(_checkpointOut) is { } checkpointOut)
        {
            ImportedModelWriter.WriteCheckpoint(model, checkpointOut);
            context.Stdout.WriteLine($"wrote checkpoint {Path.GetFullPath(checkpointOut)}");
        }

        return ExitCodes.Success;
    }

    private static Dictionary<string, string> ParseMap(string[] entries)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == entry.Length - 1)
            {
                throw new UsageException($"--map {entry}: expected role=tensor, e.g. --map token=encoder.embed_tokens.weight.");
            }

            map[entry[..equals]] = entry[(equals + 1)..];
        }

        return map;
    }
}
