using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.Scoring;

/// <summary>
/// Declares the estimator's output <see cref="SchemaShape"/> from settings and model metadata alone.
/// ML.NET keeps <c>SchemaShape.Column</c>'s constructor internal, so the column is declared through a
/// stock estimator whose output shape is exactly "a known-size Single vector, no annotations": a
/// CustomMapping that reads no column. It is only asked for its shape, never fitted or run.
/// </summary>
internal static class OutputShape
{
    private static readonly MLContext ShapesOnly = new(seed: 0);

    /// <summary><paramref name="input"/> with a Single vector column of <paramref name="size"/> named <paramref name="name"/> (replacing a column of that name).</summary>
    public static SchemaShape WithSingleVector(SchemaShape input, string name, int size)
    {
        var output = SchemaDefinition.Create(typeof(VectorRow));
        var column = output.Single(c => c.MemberName == nameof(VectorRow.Values));
        column.ColumnName = name;
        column.ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return ShapesOnly.Transforms.CustomMapping<NoColumns, VectorRow>((_, _) => { }, contractName: null, outputSchemaDefinition: output)
            .GetOutputSchema(input);
    }
}

/// <summary>The input of the shape-only mapping: it reads no column.</summary>
internal sealed class NoColumns;

/// <summary>The output of the shape-only mapping: one Single vector.</summary>
internal sealed class VectorRow
{
    public float[] Values { get; set; } = [];
}
