using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using MlNetPositional.Inference;
using MlNetPositional.Text;

namespace MlNetPositional.Cli.Embed;

/// <summary>
/// <c>embed --model FILE.onnx (--ids "3 5 7" [--ids ...] | --text "some sentence" [...]) [--json]</c>:
/// runs the model with ONNX Runtime on token ids, or on text split by the model's own tokenizer (its
/// metadata's tokenizer record, as ApplyPositionalEmbedding splits a raw-text column).
/// </summary>
internal sealed class EmbedCommand : ICliVerb
{
    private static readonly JsonSerializerOptions TokenJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Option<string> _model = new("--model") { Description = "An ONNX file exported by MlNetPositional.", Required = true };
    private readonly Option<string[]> _ids = new("--ids") { Description = "One sequence of space-separated token ids; repeat for more rows.", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string[]> _text = new("--text") { Description = "Text to split with the model's own tokenizer, one row per value (repeat, or give several values).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<bool> _json = new("--json") { Description = "Print JSON instead of text." };

    /// <summary>Creates the command.</summary>
    public EmbedCommand() => Command = new Command("embed", "Print the embeddings and pooled vector of token-id sequences, or of texts split by the model's tokenizer.") { _model, _ids, _text, _json };

    /// <inheritdoc />
    public Command Command { get; }

    /// <inheritdoc />
    public int Execute(ParseResult parse, CliContext context)
    {
        var (ids, texts) = (parse.GetValue(_ids) ?? [], parse.GetValue(_text) ?? []);
        if ((ids.Length == 0) == (texts.Length == 0))
        {
            throw new UsageException("give token ids with --ids or text with --text (one of them).");
        }

        var path = parse.GetValue(_model)!;
        using var model = PositionalEmbeddingModel.Load(path, intraOpThreads: 1);
        var tokens = texts.Length == 0 ? null : Tokenize(model, path, texts);
        var sequences = tokens?.Select(row => row.Select(t => (long)model.Metadata.Vocabulary.IdOf(t)).ToArray()).ToList() ?? [.. ids.Select(Parse)];
        var results = model.Embed(sequences);
        var o = context.Stdout;
        if (parse.GetValue(_json))
        {
            o.WriteLine(JsonSerializer.Serialize(results.Select((r, row) => new
            {
                row,
                text = texts.ElementAtOrDefault(row),
                tokens = tokens?[row],
                ids = sequences[row],
                embeddings = Enumerable.Range(0, r.Length).Select(t => r.Token(t).ToArray()),
                pooled = r.Pooled,
            }), new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return ExitCodes.Success;
        }

        for (var row = 0; row < results.Count; row++)
        {
            o.WriteLine($"row {row}: ids [{string.Join(' ', sequences[row])}]");
            if (tokens is not null)
            {
                o.WriteLine($"  tokens: {JsonSerializer.Serialize(tokens[row], TokenJson)}");
            }

            o.WriteLine($"  pooled: {Format(results[row].Pooled)}");
            for (var t = 0; t < results[row].Length; t++)
            {
                o.WriteLine($"  token {t}: {Format(results[row].Token(t))}");
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>The tokens of each text, as the model's tokenizer record says; a model without one is refused.</summary>
    private static IReadOnlyList<string[]> Tokenize(PositionalEmbeddingModel model, string path, string[] texts) =>
        model.Metadata.TokenizerRecord is null
            ? throw new UsageException($"{path}: --text needs a model that names its tokenizer, and this one has no tokenizer record (it was trained on token ids); give its token ids with --ids.")
            : TextTokenizer.ForModel(model.Metadata, path).Tokenize(texts);

    private static long[] Parse(string text, int row)
    {
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var ids = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ids[i]))
            {
                throw new UsageException($"--ids row {row}, position {i}: '{parts[i]}' is not an integer token id.");
            }
        }

        return ids;
    }

    private static string Format(ReadOnlySpan<float> values)
    {
        var text = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            text[i] = values[i].ToString("G6", CultureInfo.InvariantCulture);
        }

        return $"[{string.Join(", ", text)}]";
    }
}
