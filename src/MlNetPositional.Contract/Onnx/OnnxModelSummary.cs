using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;
using DataType = MlNetPositional.Contract.Onnx.Schema.TensorProto.Types.DataType;

namespace MlNetPositional.Contract.Onnx;

/// <summary>A graph input or output: name, element type and dims (numbers or symbols).</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="ElementType">e.g. <c>int64</c>, <c>float</c>.</param>
/// <param name="Dims">Each dim as a number or a symbolic name.</param>
public sealed record TensorSummary(string Name, string ElementType, IReadOnlyList<string> Dims);

/// <summary>What <c>inspect</c> shows about an exported model.</summary>
public sealed record OnnxModelSummary
{
    /// <summary>The file.</summary>
    public required string Path { get; init; }

    /// <summary>Size of the file in bytes.</summary>
    public required long FileBytes { get; init; }

    /// <summary>ONNX IR version.</summary>
    public required long IrVersion { get; init; }

    /// <summary>Default-domain opset.</summary>
    public required long Opset { get; init; }

    /// <summary>producer_name and producer_version.</summary>
    public required string Producer { get; init; }

    /// <summary>Graph inputs.</summary>
    public required IReadOnlyList<TensorSummary> Inputs { get; init; }

    /// <summary>Graph outputs.</summary>
    public required IReadOnlyList<TensorSummary> Outputs { get; init; }

    /// <summary>Elements in float initializers of rank 1 or more: the model's weights (0-d constants are not counted).</summary>
    public required long Parameters { get; init; }

    /// <summary>Our metadata.</summary>
    public required ModelMetadata Metadata { get; init; }

    /// <summary>Reads and summarises <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOnnxModelException">Not an ONNX file, or not one of ours (missing keys are named).</exception>
    public static OnnxModelSummary Read(string path)
    {
        var bytes = OnnxModelFile.ReadBytes(path);
        return Summarise(OnnxModelFile.Parse(bytes, path), System.IO.Path.GetFullPath(path), bytes.LongLength, source: path);
    }

    /// <summary>Summarises a model already parsed (no file is read).</summary>
    /// <param name="model">The parsed model.</param>
    /// <param name="path">What to call it: its file's full path, or another source.</param>
    /// <param name="fileBytes">Its size in bytes, serialised.</param>
    /// <exception cref="InvalidOnnxModelException">Not one of ours (missing keys are named).</exception>
    public static OnnxModelSummary Of(ModelProto model, string path, long fileBytes)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Summarise(model, path, fileBytes, source: path);
    }

    /// <summary>The summary of <paramref name="model"/> (called <paramref name="path"/>, <paramref name="fileBytes"/> long); <paramref name="source"/> names it in errors.</summary>
    private static OnnxModelSummary Summarise(ModelProto model, string path, long fileBytes, string source) =>
        new()
        {
            Path = path,
            FileBytes = fileBytes,
            IrVersion = model.IrVersion,
            Opset = OnnxVersions.DefaultDomainOpset(model),
            Producer = $"{model.ProducerName} {model.ProducerVersion}".Trim(),
            Inputs = model.Graph.Input.Select(Describe).ToList(),
            Outputs = model.Graph.Output.Select(Describe).ToList(),
            Parameters = model.Graph.Initializer.Where(t => t.DataType == (int)DataType.Float && t.Dims.Count > 0).Sum(TensorData.ElementCount),
            Metadata = OnnxModelFile.ReadMetadata(model, source),
        };

    private static TensorSummary Describe(ValueInfoProto value)
    {
        var tensor = value.Type?.TensorType;
        var type = tensor is null ? "?" : ((DataType)tensor.ElemType).ToString().ToLowerInvariant();
        var dims = tensor?.Shape?.Dim.Select(d => d.HasDimValue ? d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : d.DimParam).ToList() ?? [];
        return new TensorSummary(value.Name, type, dims);
    }
}
