namespace MlNetPositional.Pretrained;

/// <summary>How <see cref="BertEncoderAdopter"/> wraps a BERT-family ONNX encoder into this library's contract.</summary>
public sealed record BertAdoptionOptions
{
    /// <summary>What the <c>pooled</c> output holds (default: the mean over the mask).</summary>
    public AdoptedPooling Pooling { get; init; } = AdoptedPooling.Mean;

    /// <summary>L2-normalise <c>pooled</c> (norm floored at 1e-12, as sentence-transformers' Normalize); recorded in the metadata.</summary>
    public bool Normalize { get; init; }

    /// <summary>Accents are stripped by the tokenizer; null (default) follows the vocabulary's case: uncased vocabularies strip them, as Hugging Face's BertTokenizer does.</summary>
    public bool? StripAccents { get; init; }

    /// <summary>Largest |adopted - original| accepted when the adopter checks its work in ONNX Runtime before writing (default 1e-4; measured here: 4e-6).</summary>
    public double ParityTolerance { get; init; } = 1e-4;
}
