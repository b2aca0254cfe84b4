namespace MlNetPositional;

/// <summary>
/// The kinds of token column <c>ApplyPositionalEmbedding</c> and <c>TrainPositionalEmbedding</c> take,
/// and how each becomes model token ids (see <see cref="PositionalEmbeddingColumns.KindOf(Microsoft.ML.DataViewSchema, string)"/>).
/// </summary>
public enum TokenColumnKind
{
    /// <summary>A vector of text tokens, looked up in the model's vocabulary (unknown -> [UNK]).</summary>
    Text,

    /// <summary>A vector of keys with key-value annotations, matched to the model's vocabulary by their text.</summary>
    Key,

    /// <summary>
    /// ML.NET's character keys (<c>TokenizeIntoCharactersAsKeys</c>): UTF-16 code units, read as
    /// characters (a surrogate pair is one token), see <see cref="Text.CharacterTokenNames"/>.
    /// </summary>
    CharacterKeys,

    /// <summary>A vector of Int32 token ids, used as they are.</summary>
    Int32,

    /// <summary>A vector of Int64 token ids, used as they are.</summary>
    Int64,

    /// <summary>
    /// Raw text: a scalar Text column, split by the model's own tokenizer (its metadata's tokenizer
    /// record, see <see cref="Text.TextTokenizer.ForModel"/>): <c>mlnet-words</c> and <c>chars</c> by
    /// the ML.NET transforms the model was trained with (NormalizeText + TokenizeIntoWords,
    /// TokenizeIntoCharactersAsKeys), <c>tiktoken:*</c> and <c>wordpiece</c> in .NET. A model without
    /// a tokenizer record (trained on ids, or on tokens a pipeline made) cannot take it.
    /// </summary>
    RawText,
}
