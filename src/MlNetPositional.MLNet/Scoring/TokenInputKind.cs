namespace MlNetPositional.Scoring;

/// <summary>The kinds of input column the transform accepts, and how each becomes model token ids.</summary>
internal enum TokenInputKind
{
    /// <summary>A vector of text tokens, looked up in the model's vocabulary (unknown -> [UNK]).</summary>
    Text,

    /// <summary>A vector of keys, mapped through their key-value annotations to the model's vocabulary.</summary>
    Key,

    /// <summary>
    /// ML.NET's character keys (TokenizeIntoCharactersAsKeys): UTF-16 code units, read as characters
    /// (a surrogate pair is one token), see <see cref="Text.CharacterKeys"/>.
    /// </summary>
    CharacterKeys,

    /// <summary>A vector of Int32 token ids, used as they are.</summary>
    Int32,

    /// <summary>A vector of Int64 token ids, used as they are.</summary>
    Int64,
}
