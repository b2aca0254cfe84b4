namespace MlNetPositional.Contract;

/// <summary>
/// The ONNX contract between the exporter and every consumer, in one place. Public API: changing a
/// name or the meaning of a tensor bumps <see cref="Version"/>.
/// </summary>
public static class ModelContract
{
    /// <summary>
    /// Version of this contract, stored in every model's metadata. Version 2: each token's position
    /// is the number of real tokens before it (derived from <see cref="AttentionMask"/> in the graph),
    /// so left- and right-padded batches give the same embeddings. Version 1: position ids 0..seq-1
    /// in every row, right padding only.
    /// </summary>
    public const string Version = "2";

    /// <summary>Contract versions this library reads.</summary>
    public static IReadOnlyList<string> ReadableVersions { get; } = ["1", Version];

    /// <summary>Producer name written into ModelProto.producer_name.</summary>
    public const string ProducerName = "MlNetPositional";

    /// <summary>Input: int64 [batch, seq] token ids, padded on either side (version 1: on the right).</summary>
    public const string InputIds = "input_ids";

    /// <summary>Input: int64 [batch, seq], 1 = token, 0 = padding.</summary>
    public const string AttentionMask = "attention_mask";

    /// <summary>Output: float [batch, seq, dim], padding positions zeroed.</summary>
    public const string Embeddings = "embeddings";

    /// <summary>Output: float [batch, dim], mean over unmasked positions.</summary>
    public const string Pooled = "pooled";

    /// <summary>Initializer: float [vocab_size, dim], the token table (row = token id).</summary>
    public const string TokenTable = "embedding.tokens";

    /// <summary>Initializer: float [max_length, dim], the position table of the kinds that have one (row = position).</summary>
    public const string PositionTable = "embedding.positions";

    /// <summary>Symbolic batch dimension.</summary>
    public const string BatchDim = "batch";

    /// <summary>Symbolic sequence dimension.</summary>
    public const string SequenceDim = "seq";

    /// <summary>Metadata keys (ModelProto.metadata_props).</summary>
    public static class Keys
    {
        /// <summary>The <see cref="ModelContract.Version"/> the file follows.</summary>
        public const string ContractVersion = "mlnet_positional.contract_version";

        /// <summary>The <see cref="ModelConfig"/> as JSON.</summary>
        public const string Config = "mlnet_positional.config";

        /// <summary>The <see cref="Vocabulary"/> as a JSON array.</summary>
        public const string Vocabulary = "mlnet_positional.vocabulary";

        /// <summary>Name of the producing library.</summary>
        public const string Producer = "mlnet_positional.producer";

        /// <summary>Version of the producing library.</summary>
        public const string ProducerVersion = "mlnet_positional.producer_version";

        /// <summary>The seed the model was trained with.</summary>
        public const string TrainingSeed = "mlnet_positional.training_seed";

        /// <summary>Final evaluation metrics of training, as JSON.</summary>
        public const string Metrics = "mlnet_positional.metrics";

        /// <summary>How text was tokenised for training, in words, for models trained on text.</summary>
        public const string Tokenizer = "mlnet_positional.tokenizer";

        /// <summary>The same as a <see cref="TokenizerRecord"/> (JSON), for code to act on.</summary>
        public const string TokenizerRecord = "mlnet_positional.tokenizer_record";

        /// <summary>For adopted pretrained models: an <see cref="AdoptionRecord"/> (JSON), where the graph came from and what its pooled output is.</summary>
        public const string Adoption = "mlnet_positional.adoption";

        /// <summary>The keys every model of this contract carries.</summary>
        public static IReadOnlyList<string> Required { get; } = [ContractVersion, Config, Vocabulary, Producer, ProducerVersion];
    }
}
