using Google.Protobuf;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx.Schema;

namespace MlNetPositional.Contract.Onnx;

/// <summary>
/// Reads a model file's metadata_props without parsing its graph: the graph field (weights included)
/// is skipped on the wire, so asking what a model is costs a read of the file, not a parse of its
/// weights or an ONNX Runtime session.
/// </summary>
internal static class MetadataOnlyReader
{
    private const int GraphField = 7;
    private const int MetadataPropsField = 14;

    public static ModelMetadata Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOnnxModelException(path, "the file does not exist.");
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        var sawGraph = false;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var input = new CodedInputStream(file);
            for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case MetadataPropsField when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                        var entry = new StringStringEntryProto();
                        input.ReadMessage(entry);
                        properties[entry.Key] = entry.Value;
                        break;
                    case GraphField:
                        sawGraph = true;
                        input.SkipLastField();
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidOnnxModelException(path, $"it is not an ONNX model ({e.Message}).", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOnnxModelException(path, $"cannot read it: {e.Message}", e);
        }

        if (!sawGraph)
        {
            throw new InvalidOnnxModelException(path, "it is not an ONNX model (no graph).");
        }

        return ModelMetadata.FromProperties(properties, path);
    }
}
