using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;
using DataType = MlNetPositional.Contract.Onnx.Schema.TensorProto.Types.DataType;

namespace MlNetPositional.Contract.Tests.Onnx;

/// <summary>Runs model bytes with ONNX Runtime on TensorProto inputs and returns every output as doubles.</summary>
internal static class OrtRunner
{
    public static List<(long[] Shape, double[] Values)> Run(byte[] model, IReadOnlyList<string> inputNames, IReadOnlyList<TensorProto> inputs, IReadOnlyList<string> outputNames)
    {
        using var session = new InferenceSession(model);
        using var runOptions = new RunOptions();
        var values = inputs.Select(ToOrtValue).ToList();
        try
        {
            using var outputs = session.Run(runOptions, inputNames.ToList(), values, outputNames.ToList());
            return [.. outputs.Select(ToDoubles)];
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    public static OrtValue ToOrtValue(TensorProto tensor)
    {
        var shape = tensor.Dims.ToArray();
        return (DataType)tensor.DataType switch
        {
            DataType.Float => OrtValue.CreateTensorValueFromMemory(TensorData.Floats(tensor), shape),
            DataType.Double => OrtValue.CreateTensorValueFromMemory(TensorData.Doubles(tensor), shape),
            DataType.Int64 => OrtValue.CreateTensorValueFromMemory(TensorData.Int64s(tensor), shape),
            DataType.Int32 => OrtValue.CreateTensorValueFromMemory(TensorData.Int32s(tensor), shape),
            DataType.Bool => OrtValue.CreateTensorValueFromMemory(TensorData.Bools(tensor), shape),
            var other => throw new NotSupportedException($"Input '{tensor.Name}' has data type {other}."),
        };
    }

    private static (long[] Shape, double[] Values) ToDoubles(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        double[] values = info.ElementDataType switch
        {
            TensorElementType.Float => [.. value.GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v)],
            TensorElementType.Double => value.GetTensorDataAsSpan<double>().ToArray(),
            TensorElementType.Int64 => [.. value.GetTensorDataAsSpan<long>().ToArray().Select(v => (double)v)],
            TensorElementType.Int32 => [.. value.GetTensorDataAsSpan<int>().ToArray().Select(v => (double)v)],
            TensorElementType.Bool => [.. value.GetTensorDataAsSpan<bool>().ToArray().Select(v => v ? 1.0 : 0.0)],
            var other => throw new NotSupportedException($"Output of type {other}."),
        };
        return (info.Shape, values);
    }

    public static double[] Expected(TensorProto tensor) => (DataType)tensor.DataType switch
    {
        DataType.Float => [.. TensorData.Floats(tensor).Select(v => (double)v)],
        DataType.Double => TensorData.Doubles(tensor),
        DataType.Int64 => [.. TensorData.Int64s(tensor).Select(v => (double)v)],
        DataType.Int32 => [.. TensorData.Int32s(tensor).Select(v => (double)v)],
        DataType.Bool => [.. TensorData.Bools(tensor).Select(v => v ? 1.0 : 0.0)],
        var other => throw new NotSupportedException($"Expected output of type {other}."),
    };
}
