using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Inference;

namespace MlNetPositional.Cli.Inspect;

/// <summary>
/// <c>inspect FILE.onnx [--json]</c>: what an exported model is, and whether it works: the file is
/// checked as scoring would use it (contract metadata agrees with the graph, ONNX Runtime loads it and
/// scores a small seeded batch to finite outputs, as the MSTest kit's <c>IsValid</c>) before anything
/// is printed, so a file that <c>embed</c> would refuse is refused here too, with the same reason.
/// </summary>
internal sealed class InspectCommand : ICliVerb
{
    private readonly Argument<string> _file = new("file") { Description = "An ONNX file exported by MlNetPositional." };
    private readonly Option<bool> _json = new("--json") { Description = "Print JSON instead of text." };

    private const string Check = "ok: ONNX Runtime loads the graph and scores a seeded sample batch to finite outputs";

    /// <summary>Creates the command.</summary>
    public InspectCommand() => Command = new Command("inspect", "Show an exported model's inputs, outputs, opset, producer, config and size.") { _file, _json };

    /// <inheritdoc />
    public Command Command { get; }

    /// <inheritdoc />
    public int Execute(ParseResult parse, CliContext context)
    {
        OnnxModelSummary summary;
        using (var model = PositionalEmbeddingModel.Load(parse.GetValue(_file)!, intraOpThreads: 1))   // one read: summarised and scored
        {
            model.VerifyScoring();
            summary = model.Summary;
        }

        var config = summary.Metadata.Config;
        if (parse.GetValue(_json))
        {
            context.Stdout.WriteLine(JsonSerializer.Serialize(new
            {
                path = summary.Path,
                file_bytes = summary.FileBytes,
                ir_version = summary.IrVersion,
                opset = summary.Opset,
                producer = summary.Producer,
                contract_version = summary.Metadata.ContractVersion,
                inputs = summary.Inputs.Select(t => new { name = t.Name, type = t.ElementType, dims = t.Dims }),
                outputs = summary.Outputs.Select(t => new { name = t.Name, type = t.ElementType, dims = t.Dims }),
                parameters = summary.Parameters,
                vocabulary_size = summary.Metadata.Vocabulary.Count,
                training_seed = summary.Metadata.TrainingSeed,
                tokenizer = summary.Metadata.Tokenizer,
                config = JsonDocument.Parse(config.ToJson()).RootElement,
                metrics = summary.Metadata.MetricsJson is { } m ? JsonDocument.Parse(m).RootElement : (JsonElement?)null,
                check = Check,
            }, ContractJson.Options));
            return ExitCodes.Success;
        }

        var o = context.Stdout;
        o.WriteLine($"file:        {summary.Path} ({summary.FileBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
        o.WriteLine($"format:      ONNX IR {summary.IrVersion}, opset {summary.Opset}, contract {summary.Metadata.ContractVersion}");
        o.WriteLine($"producer:    {summary.Producer}");
        foreach (var t in summary.Inputs)
        {
            o.WriteLine($"input:       {t.Name} {t.ElementType} [{string.Join(", ", t.Dims)}]");
        }

        foreach (var t in summary.Outputs)
        {
            o.WriteLine($"output:      {t.Name} {t.ElementType} [{string.Join(", ", t.Dims)}]");
        }

        var length = config.Positional.HasLengthLimit() ? $"max length {config.MaxLength}" : $"no length limit (trained up to {config.MaxLength})";
        o.WriteLine($"model:       {config.Positional.ToName()} positions, {config.Layers} layer(s), {config.Heads} heads, dim {config.Dim}, {length}, pad id {config.PadId}");
        o.WriteLine($"vocabulary:  {summary.Metadata.Vocabulary.Count} tokens");
        o.WriteLine($"parameters:  {summary.Parameters.ToString("N0", CultureInfo.InvariantCulture)}");
        if (summary.Metadata.Tokenizer is { } tokenizer)
        {
            o.WriteLine($"tokenizer:   {tokenizer}");
        }

        if (summary.Metadata.TrainingSeed is { } seed)
        {
            o.WriteLine($"seed:        {seed}");
        }

        o.WriteLine($"check:       {Check}");
        return ExitCodes.Success;
    }
}
