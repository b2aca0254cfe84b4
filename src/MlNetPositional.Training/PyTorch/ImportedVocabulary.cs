using System.Globalization;
using System.Text.Json;
using MlNetPositional.Contract;

namespace MlNetPositional.Training.PyTorch;

/// <summary>
/// The vocabulary of an imported model: the file's token strings (or the ids themselves) in id
/// order, then [PAD] and [UNK] as new ids when the model has none, so that no imported id changes.
/// </summary>
internal static class ImportedVocabulary
{
    /// <summary>Token strings for a table of <paramref name="rows"/> rows.</summary>
    /// <exception cref="InvalidWeightsException">The file's token count differs from the rows, a token repeats or is empty.</exception>
    public static Vocabulary Build(int rows, string? vocabularyPath, string weightsPath, List<string> notes)
    {
        var tokens = vocabularyPath is null
            ? [.. Enumerable.Range(0, rows).Select(id => id.ToString(CultureInfo.InvariantCulture))]
            : ReadTokens(vocabularyPath);
        if (tokens.Count != rows)
        {
            throw new InvalidWeightsException(vocabularyPath!, $"it has {tokens.Count} tokens but the token table of {weightsPath} has {rows} rows.");
        }

        foreach (var reserved in new[] { Vocabulary.PadToken, Vocabulary.UnknownToken })
        {
            if (!tokens.Contains(reserved))
            {
                tokens.Add(reserved);
                notes.Add(reserved == Vocabulary.PadToken
                    ? $"added {reserved} as id {tokens.Count - 1} (a zero row): the PyTorch model has no padding token, and a new last row keeps every imported id."
                    : $"added {reserved} as id {tokens.Count - 1} (a zero row), for text tokens outside the vocabulary.");
            }
        }

        return Create(tokens, vocabularyPath ?? weightsPath);
    }

    /// <summary>A complete vocabulary file (this project's own .vocab.json, or any file <see cref="Build"/> reads).</summary>
    public static Vocabulary Read(string path, string weightsPath) =>
        File.Exists(path) ? Create(ReadTokens(path), path) : throw new InvalidWeightsException(weightsPath, $"its vocabulary {path} does not exist (export-weights writes it next to the weights; or give --vocab).");

    private static Vocabulary Create(List<string> tokens, string source)
    {
        try
        {
            return new Vocabulary(tokens);
        }
        catch (ArgumentException e)
        {
            throw new InvalidWeightsException(source, e.Message, e);
        }
    }

    /// <summary>JSON: an array of tokens, or an object of token to id (Hugging Face vocab.json); otherwise one token per line.</summary>
    private static List<string> ReadTokens(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidWeightsException(path, "the vocabulary file does not exist.");
        }

        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return [.. File.ReadAllLines(path)];
        }

        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            if (json.RootElement.ValueKind == JsonValueKind.Array)
            {
                return [.. json.RootElement.EnumerateArray().Select(t => t.GetString() ?? "")];
            }

            var byId = json.RootElement.EnumerateObject().Select(p => (Token: p.Name, Id: p.Value.GetInt32())).OrderBy(p => p.Id).ToList();
            return byId.Select((p, i) => p.Id == i ? p.Token : throw new InvalidWeightsException(path, $"ids must run 0..{byId.Count - 1} without gaps; id {i} is missing.")).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidWeightsException(path, $"it is not a JSON array of tokens or an object of token to id: {e.Message}", e);
        }
    }
}
