using MlNetPositional.Contract;

namespace MlNetPositional.Contract.Onnx;

/// <summary>What an exported model file says about itself, read without loading the model.</summary>
public static class ModelFileMetadata
{
    /// <summary>
    /// Reads the metadata of the model at <paramref name="path"/>: config, vocabulary, tokenizer,
    /// producer. The graph and its weights are skipped on disk, not parsed.
    /// </summary>
    /// <exception cref="InvalidOnnxModelException">Missing, unreadable, not ONNX, or without valid MlNetPositional metadata.</exception>
    public static ModelMetadata Read(string path) => MetadataOnlyReader.Read(path);
}
