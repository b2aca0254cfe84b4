using Microsoft.ML;
using MlNetPositional.Inference;
using MlNetPositional.Scoring;

namespace MlNetPositional;

/// <summary>
/// The columns of <c>ApplyPositionalEmbedding</c>, for code that builds on the transform (as
/// <c>TrainPositionalEmbedding</c> does): which token columns it takes, and the output column it
/// declares. The checks and messages are the transform's own.
/// </summary>
public static class PositionalEmbeddingColumns
{
    /// <summary>The kind of the token column <paramref name="tokenColumnName"/> of <paramref name="schema"/>.</summary>
    /// <param name="schema">A data view's schema.</param>
    /// <param name="tokenColumnName">The token column.</param>
    /// <returns>The kind; <see cref="TokenColumnKind.RawText"/> for a scalar Text column (whether the model can split text is known only with the model).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing, neither scalar Text nor a vector of text, keys, Int32 or Int64, or keys without key values; names the column and the type found.</exception>
    public static TokenColumnKind KindOf(DataViewSchema schema, string tokenColumnName)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return TokenColumn.KindOf(schema, tokenColumnName);
    }

    /// <summary>
    /// The kind of the token column <paramref name="tokenColumnName"/> of a schema shape, where no key
    /// values are known: ML.NET's character keys are <see cref="TokenColumnKind.Key"/> here.
    /// </summary>
    /// <param name="schema">An estimator's input schema shape.</param>
    /// <param name="tokenColumnName">The token column.</param>
    /// <returns>The kind; <see cref="TokenColumnKind.RawText"/> for a scalar Text column.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing, or neither scalar Text nor a vector of text, keys, Int32 or Int64; names the column and the type found.</exception>
    public static TokenColumnKind KindOf(SchemaShape schema, string tokenColumnName)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return TokenColumn.KindOf(schema, tokenColumnName);
    }

    /// <summary>
    /// <paramref name="inputSchema"/> with the transform's output column: a known-size vector of
    /// <paramref name="outputSize"/> Single values named <paramref name="outputColumnName"/>, replacing
    /// a column of that name.
    /// </summary>
    /// <param name="inputSchema">The estimator's input schema shape.</param>
    /// <param name="outputColumnName">The output column.</param>
    /// <param name="outputSize">Its values per row (see <see cref="OutputSize"/>).</param>
    public static SchemaShape WithOutput(SchemaShape inputSchema, string outputColumnName, int outputSize)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        return OutputShape.WithSingleVector(inputSchema, outputColumnName, outputSize);
    }

    /// <summary>Values per row of the output: <paramref name="dim"/>, or <paramref name="maxLength"/> x <paramref name="dim"/> for <see cref="PositionalPooling.None"/>.</summary>
    /// <param name="pooling">The pooling.</param>
    /// <param name="dim">The model's embedding width.</param>
    /// <param name="maxLength">The longest sequence passed to the model.</param>
    public static int OutputSize(PositionalPooling pooling, int dim, int maxLength) => Pooler.OutputSize(pooling, dim, maxLength);
}
