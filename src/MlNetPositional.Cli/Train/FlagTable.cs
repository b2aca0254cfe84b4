using System.CommandLine;

namespace MlNetPositional.Cli.Train;

/// <summary>
/// Flags that override fields of a settings record, each declared once with the field it sets: a
/// flag given on the command line replaces the field, an absent one leaves the value from the spec
/// or the defaults. Replaces one hand-written <c>flag ?? spec.Field</c> line per setting.
/// </summary>
/// <typeparam name="T">The settings record.</typeparam>
internal sealed class FlagTable<T>
{
    private readonly List<(Option Option, Func<ParseResult, T, T> Apply)> _rows = [];

    /// <summary>Every flag of the table, in declaration order.</summary>
    public IEnumerable<Option> Options => _rows.Select(r => r.Option);

    /// <summary>A flag with a number value.</summary>
    public FlagTable<T> Add<TValue>(Option<TValue?> option, Func<T, TValue, T> set)
        where TValue : struct
    {
        _rows.Add((option, (parse, settings) => parse.GetValue(option) is { } value ? set(settings, value) : settings));
        return this;
    }

    /// <summary>A flag with a text value.</summary>
    public FlagTable<T> Add(Option<string?> option, Func<T, string, T> set)
    {
        _rows.Add((option, (parse, settings) => parse.GetValue(option) is { } value ? set(settings, value) : settings));
        return this;
    }

    /// <summary>A repeatable flag: given at least once, its values replace the field.</summary>
    public FlagTable<T> Add(Option<string[]> option, Func<T, string[], T> set)
    {
        _rows.Add((option, (parse, settings) => parse.GetValue(option) is { Length: > 0 } values ? set(settings, values) : settings));
        return this;
    }

    /// <summary><paramref name="settings"/> with every given flag applied.</summary>
    public T Apply(ParseResult parse, T settings) => _rows.Aggregate(settings, (current, row) => row.Apply(parse, current));
}
