// Raw text -> sentence features of an adopted pretrained encoder (all-MiniLM-L6-v2), as one estimator.
// Today ApplyPositionalEmbedding takes token columns, so a small CustomMapping turns the text into the
// model's WordPiece ids first ([CLS] ... [SEP], truncated to 256 tokens with [SEP] kept last, as
// sentence-transformers does for this model). When ApplyPositionalEmbedding takes a text column, this
// whole file becomes one line:
//     ml.Transforms.ApplyPositionalEmbedding(outputColumnName, textColumnName, modelPath)
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Text;

internal static class MiniLmFeatures
{
    /// <summary>sentence-transformers' max_seq_length for all-MiniLM-L6-v2 (the position table has 512 rows).</summary>
    public const int MaxTokens = 256;

    /// <summary>
    /// Writes the model's pooled output for <paramref name="textColumnName"/> to <paramref name="outputColumnName"/>:
    /// for a model adopted with mean pooling and L2 normalisation, the mean of the token vectors over the
    /// mask, L2-normalised (a known-size Single vector of the model's dim, 384 for MiniLM).
    /// Leaves a helper column <c>{outputColumnName}Ids</c> (the token ids) in the schema.
    /// </summary>
    public static IEstimator<ITransformer> Estimator(MLContext ml, string outputColumnName, string textColumnName, string modelPath)
    {
        var metadata = ModelFileMetadata.Read(modelPath);
        var tokenizer = TextTokenizer.ForModel(metadata, modelPath);
        var vocabulary = metadata.Vocabulary;
        var idsColumn = outputColumnName + "Ids";
        var input = SchemaDefinition.Create(typeof(MiniLmTextRow));
        input[0].ColumnName = textColumnName;
        var output = SchemaDefinition.Create(typeof(MiniLmIdsRow));
        output[0].ColumnName = idsColumn;
        void ToIds(MiniLmTextRow row, MiniLmIdsRow ids) =>
            ids.Ids = [.. tokenizer.Truncate(tokenizer.Tokenize(row.Text ?? ""), MaxTokens).Select(token => (long)vocabulary.IdOf(token))];

        // No contract name: this mapping fits and transforms but does not save. Save the fitted pipeline
        // once ApplyPositionalEmbedding reads text itself (its saved form is stock ML.NET).
        return ml.Transforms.CustomMapping<MiniLmTextRow, MiniLmIdsRow>(ToIds, contractName: null, input, output)
            .Append(ml.Transforms.ApplyPositionalEmbedding(outputColumnName, idsColumn, modelPath, PositionalPooling.Mean));
    }
}

/// <summary>The mapping's input row (its column is renamed to the text column).</summary>
internal sealed class MiniLmTextRow
{
    public string? Text { get; set; }
}

/// <summary>The mapping's output row: a variable-length Int64 vector (its column is renamed to the ids column).</summary>
internal sealed class MiniLmIdsRow
{
    [VectorType]
    public long[] Ids { get; set; } = [];
}
