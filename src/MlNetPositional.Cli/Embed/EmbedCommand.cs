using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MlNetPositional.Inference;

namespace MlNetPositional.Cli.Embed;

/// <summary><c>embed --model FILE.onnx --ids "3 5 7" [--ids ...] [--json]</c>: runs the model with ONNX Runtime.</summary>
internal sealed class EmbedCommand : ICliVerb
{
    private readonly Option<string> _model = new("--model") { Description = "An ONNX file exported by MlNetPositional.", Required = true };
    private readonly Option<string[]> _ids = new("--ids") { Description = "One sequence of space-separated token ids; repeat for more rows.", Required = true, AllowMultipleArgumentsPerToken = false };
    private readonly Option<bool> _json = new("--json") { Description = "Print JSON instead of text." };

    /// <summary>Creates the command.</summary>
    public EmbedCommand() => Command = new Command("embed", "Print the embeddings and pooled vector of token-id sequences.") { _model, _ids, _json };

    /// <inheritdoc />
    public Command Command { get; }

    /// <inheritdoc />
    public int Execute(ParseResult parse, CliContext context)
    {
        var sequences = parse.GetValue(_ids)!.Select(Parse).ToList();
        using var model = PositionalEmbeddingModel.Load(parse.GetValue(_model)!, intraOpThreads: 1);
        var results = model.Embed(sequences);
        var o = context.Stdout;
        if (parse.GetValue(_json))
        {
            o.WriteLine(JsonSerializer.Serialize(results.Select((r, row) => new
            {
                row,
                ids = sequences[row],
                embeddings = Enumerable.Range(0, r.Length).Select(t => r.Token(t).ToArray()),
                pooled = r.Pooled,
            }), new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Success;
        }

        for (var row = 0; row < results.Count; row++)
        {
            o.WriteLine($"row {row}: ids [{string.Join(' ', sequences[row])}]");
            o.WriteLine($"  pooled: {Format(results[row].Pooled)}");
            for (var t = 0; t < results[row].Length; t++)
            {
                o.WriteLine($"  token {t}: {Format(results[row].Token(t))}");
            }
        }

        return ExitCodes.Success;
    }

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
