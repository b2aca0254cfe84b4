using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.Scoring;

/// <summary>
/// The transform's output schema and where each of its columns comes from, as ML.NET's own
/// row-to-row transforms lay it out: every input column at its own index (a column whose name the
/// output reuses stays, hidden), then the output column. Getters and active-column questions go
/// through this table, never through index arithmetic on a changed schema.
/// </summary>
internal sealed class ColumnMap
{
    private readonly int[] _inputOf;

    public ColumnMap(DataViewSchema input, string outputName, DataViewType outputType)
    {
        Input = input;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        builder.AddColumn(outputName, outputType);
        Output = builder.ToSchema();
        OutputIndex = Output.Count - 1;
        _inputOf = [.. Enumerable.Range(0, Output.Count).Select(i => i == OutputIndex ? -1 : i)];
    }

    public DataViewSchema Input { get; }

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
