using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.Scoring;

/// <summary>
/// The transform's output schema and where each of its columns comes from, laid out as ML.NET's own
/// row-to-row transforms lay it out (its ColumnBindings): every input column stays; a new output name
/// is appended at the end, and an output that reuses a name is inserted right after the last column
/// of that name, which it hides. Getters and active-column questions go through this table, never
/// through index arithmetic on a changed schema.
/// </summary>
internal sealed class ColumnMap
{
    private readonly int[] _inputOf;

    public ColumnMap(DataViewSchema input, TokenColumn tokens, string outputName, DataViewType outputType)
    {
        (Input, Tokens) = (input, tokens);
        var lastOfName = -1;
        for (var i = 0; i < input.Count; i++)
        {
            if (input[i].Name == outputName)
            {
                lastOfName = i;
            }
        }

        OutputIndex = lastOfName < 0 ? input.Count : lastOfName + 1;
        _inputOf = [.. Enumerable.Range(0, input.Count + 1).Select(i => i < OutputIndex ? i : i == OutputIndex ? -1 : i - 1)];
        var builder = new DataViewSchema.Builder();
        foreach (var source in _inputOf)
        {
            if (source < 0)
            {
                builder.AddColumn(outputName, outputType);
            }
            else
            {
                builder.AddColumn(input[source].Name, input[source].Type, input[source].Annotations);
            }
        }

        Output = builder.ToSchema();
    }

    public DataViewSchema Input { get; }

    /// <summary>The token column of <see cref="Input"/>, bound once (its key table included) for every cursor over this layout.</summary>
    public TokenColumn Tokens { get; }

    public DataViewSchema Output { get; }

    /// <summary>Index of the embedding column in <see cref="Output"/>.</summary>
    public int OutputIndex { get; }

    /// <summary>True for the embedding column of <see cref="Output"/>.</summary>
    public bool IsOutput(DataViewSchema.Column column) => column.Index == OutputIndex;

    /// <summary>The input column an output column passes through.</summary>
    public DataViewSchema.Column InputOf(DataViewSchema.Column column)
    {
        if (column.Index < 0 || column.Index >= _inputOf.Length || _inputOf[column.Index] < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(column), $"Column '{column.Name}' (index {column.Index}) is not a pass-through column of this transform's output.");
        }

        return Input[_inputOf[column.Index]];
    }

    /// <summary>The input columns that the pass-through columns among <paramref name="needed"/> read, and whether the embedding is needed.</summary>
    public IReadOnlyList<DataViewSchema.Column> PassThrough(IEnumerable<DataViewSchema.Column> needed, out bool embeddingNeeded)
    {
        var inputs = new SortedDictionary<int, DataViewSchema.Column>();
        embeddingNeeded = false;
        foreach (var column in needed)
        {
            if (IsOutput(column))
            {
                embeddingNeeded = true;
            }
            else
            {
                var input = InputOf(column);
                inputs[input.Index] = input;
            }
        }

        return [.. inputs.Values];
    }
}
