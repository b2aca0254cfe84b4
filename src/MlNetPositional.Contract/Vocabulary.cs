using System.Text.Json;

namespace MlNetPositional.Contract;

/// <summary>
/// Token strings by id. <c>[PAD]</c> and <c>[UNK]</c> are always present (by default ids 0 and 1);
/// unknown strings map to <c>[UNK]</c>. Serialised as a JSON array of tokens in id order, which is
/// how it travels in a model's metadata.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The padding token.</summary>
    public const string PadToken = "[PAD]";

    /// <summary>The token that stands for anything not in the vocabulary.</summary>
    public const string UnknownToken = "[UNK]";

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;

    /// <summary>Creates a vocabulary from tokens in id order.</summary>
    /// <exception cref="ArgumentException">A token repeats, is empty, or a reserved token is missing.</exception>
    public Vocabulary(IEnumerable<string> tokens)
    {
        _tokens = tokens.ToArray();
        _ids = new Dictionary<string, int>(_tokens.Length, StringComparer.Ordinal);
        for (var id = 0; id < _tokens.Length; id++)
        {
            if (string.IsNullOrEmpty(_tokens[id]))
            {
                throw new ArgumentException($"Vocabulary token {id} is empty.", nameof(tokens));
            }

            if (!_ids.TryAdd(_tokens[id], id))
            {
                throw new ArgumentException($"Vocabulary token '{_tokens[id]}' appears twice (ids {_ids[_tokens[id]]} and {id}).", nameof(tokens));
            }
        }

        PadId = _ids.TryGetValue(PadToken, out var pad) ? pad : throw new ArgumentException($"Vocabulary has no {PadToken} token.", nameof(tokens));
        UnknownId = _ids.TryGetValue(UnknownToken, out var unk) ? unk : throw new ArgumentException($"Vocabulary has no {UnknownToken} token.", nameof(tokens));
    }

    /// <summary>Number of tokens, reserved ones included.</summary>
    public int Count => _tokens.Length;

    /// <summary>Id of <c>[PAD]</c>.</summary>
    public int PadId { get; }

    /// <summary>Id of <c>[UNK]</c>.</summary>
    public int UnknownId { get; }

    /// <summary>Tokens in id order.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The token with this id.</summary>
    public string this[int id] => _tokens[id];

    /// <summary>The id of a token, or <see cref="UnknownId"/> when it is not in the vocabulary.</summary>
    public int IdOf(string token) => _ids.TryGetValue(token, out var id) ? id : UnknownId;

    /// <summary>The id of a token given as characters (no string is allocated), or <see cref="UnknownId"/>.</summary>
    public int IdOf(ReadOnlySpan<char> token) =>
        _ids.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out var id) ? id : UnknownId;

    /// <summary>True when the token is in the vocabulary.</summary>
    public bool Contains(string token) => _ids.ContainsKey(token);

    /// <summary>
    /// The vocabulary of the built-in dummy tasks: <c>[PAD]</c> at <paramref name="padId"/>,
    /// <c>[UNK]</c> at the lowest other id, and tokens named <c>t{id}</c> everywhere else.
    /// </summary>
    public static Vocabulary Synthetic(int size, int padId = 0)
    {
        if (size < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "A vocabulary needs [PAD], [UNK] and at least one token.");
        }

        if (padId < 0 || padId >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(padId), padId, $"The pad id must be in [0, {size}).");
        }

        var unknownId = padId == 0 ? 1 : 0;
        return new Vocabulary(Enumerable.Range(0, size).Select(id =>
            id == padId ? PadToken : id == unknownId ? UnknownToken : $"t{id}"));
    }

    /// <summary>The JSON array form.</summary>
    public string ToJson() => JsonSerializer.Serialize(_tokens);

    /// <summary>Reads the JSON array form.</summary>
    /// <exception cref="FormatException">The text is not a JSON array of unique, non-empty strings with the reserved tokens.</exception>
    public static Vocabulary FromJson(string json)
    {
        try
        {
            var tokens = JsonSerializer.Deserialize<string[]>(json) ?? throw new FormatException("The vocabulary JSON is null.");
            return new Vocabulary(tokens);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new FormatException($"Invalid vocabulary: {e.Message}", e);
        }
    }
}
