using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlNetPositional.Contract;

/// <summary>The kebab-case names of an enum as used in specs, flags and metadata, with parsing that lists the accepted values.</summary>
/// <typeparam name="T">The enum.</typeparam>
public sealed class EnumNames<T>
    where T : struct, Enum
{
    private readonly (T Value, string Name)[] _names;
    private readonly string _what;

    /// <summary>Creates the table; <paramref name="what"/> names the setting in error messages (e.g. "positional kind").</summary>
    public EnumNames(string what, params (T Value, string Name)[] names)
    {
        _what = what;
        _names = names;
        All = names.Select(n => n.Name).ToArray();
    }

    /// <summary>Every accepted name, in table order.</summary>
    public IReadOnlyList<string> All { get; }

    /// <summary>The name of a value.</summary>
    public string ToName(T value) => _names.First(n => EqualityComparer<T>.Default.Equals(n.Value, value)).Name;

    /// <summary>Parses a name (case-insensitive).</summary>
    /// <exception cref="FormatException">Unknown name; the message lists the accepted ones.</exception>
    public T Parse(string name)
    {
        foreach (var (value, known) in _names)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new FormatException($"Unknown {_what} '{name}'; expected one of: {string.Join(", ", All)}.");
    }
}

/// <summary>Reads and writes an enum as its name from an <see cref="EnumNames{T}"/> table.</summary>
/// <typeparam name="T">The enum.</typeparam>
public abstract class EnumNameJsonConverter<T>(EnumNames<T> names) : JsonConverter<T>
    where T : struct, Enum
{
    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? names.Parse(reader.GetString()!)
            : throw new JsonException($"Expected a string, one of: {string.Join(", ", names.All)}.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(names.ToName(value));
}
