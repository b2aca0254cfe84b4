using Microsoft.ML;

namespace MlNetPositional.Training.InPipeline;

/// <summary>
/// The token column training reads: any column ApplyPositionalEmbedding takes (its checks and
/// messages), except raw text, which training does not split.
/// </summary>
internal static class TrainingTokenColumn
{
    /// <summary>The column's kind.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Missing, of a type the transform cannot take, or raw text; names the column.</exception>
    public static TokenColumnKind KindOf(DataViewSchema schema, string name) => NotRawText(PositionalEmbeddingColumns.KindOf(schema, name), name);

    /// <inheritdoc cref="KindOf(DataViewSchema, string)"/>
    public static TokenColumnKind KindOf(SchemaShape schema, string name) => NotRawText(PositionalEmbeddingColumns.KindOf(schema, name), name);

    private static TokenColumnKind NotRawText(TokenColumnKind kind, string name) => kind == TokenColumnKind.RawText
        ? throw new ArgumentOutOfRangeException("inputSchema",
            $"Input column '{name}' is raw text (a scalar Text column), but TrainPositionalEmbedding trains on tokens: split it first (NormalizeText + TokenizeIntoWords, or TokenizeIntoCharactersAsKeys) and train on the token column.")
        : kind;
}
