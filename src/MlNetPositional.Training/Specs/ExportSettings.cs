using System.Text.Json.Serialization;
using MlNetPositional.Contract.Onnx;

namespace MlNetPositional.Training.Specs;

/// <summary>The <c>export</c> part of a spec: how the trained model is written as ONNX.</summary>
public sealed record ExportSettings
{
    /// <summary>ONNX opset, 17..21 (default 17, IR 8).</summary>
    [JsonPropertyName("opset")]
    public int Opset { get; init; } = OnnxVersions.DefaultOpset;
}
