namespace MlNetPositional.Pretrained;

/// <summary>What an adopted model's <c>pooled</c> output holds: the sentence vector its family's users expect.</summary>
public enum AdoptedPooling
{
    /// <summary>The mean of the token vectors over the attention mask ([CLS] and [SEP] included), as sentence-transformers' all-MiniLM-L6-v2.</summary>
    Mean,

    /// <summary>The first real token's vector ([CLS]), as Snowflake's arctic-embed models.</summary>
    Cls,
}
