using Google.Protobuf;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Files;
using MlNetPositional.Contract.Onnx.Schema;

namespace MlNetPositional.Contract.Onnx;

/// <summary>Reads and writes ONNX model files with clear errors; writes are atomic.</summary>
public static class OnnxModelFile
{
    /// <summary>Parses an ONNX file.</summary>
    /// <exception cref="InvalidOnnxModelException">Missing, unreadable, or not an ONNX model.</exception>
    public static ModelProto Read(string path) => Parse(ReadBytes(path), path);

    /// <summary>The bytes of a model file, read once, with the errors of <see cref="Read"/>.</summary>
    /// <exception cref="InvalidOnnxModelException">Missing or unreadable.</exception>
    public static byte[] ReadBytes(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOnnxModelException(path, "the file does not exist.");
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOnnxModelException(path, $"cannot read it: {e.Message}", e);
        }
    }

    /// <summary>Parses ONNX bytes from <paramref name="source"/>.</summary>
    /// <exception cref="InvalidOnnxModelException">The bytes are not an ONNX model.</exception>
    public static ModelProto Parse(byte[] bytes, string source)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidOnnxModelException(source, $"it is not an ONNX model ({e.Message}).", e);
        }

        if (model.Graph is null || model.IrVersion <= 0 || model.OpsetImport.Count == 0)
        {
            throw new InvalidOnnxModelException(source, "it is not an ONNX model (no graph, IR version or opset).");
        }

        return model;
    }

    /// <summary>Reads our metadata from a parsed model.</summary>
    /// <exception cref="InvalidOnnxModelException">The model lacks or has invalid MlNetPositional metadata.</exception>
    public static ModelMetadata ReadMetadata(ModelProto model, string source) =>
        ModelMetadata.FromProperties(model.MetadataProps.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value), source);

    /// <summary>Serialises <paramref name="model"/> to <paramref name="path"/> atomically (temp file, then rename).</summary>
    public static void Write(string path, ModelProto model) => AtomicFile.Write(path, model.WriteTo);
}
