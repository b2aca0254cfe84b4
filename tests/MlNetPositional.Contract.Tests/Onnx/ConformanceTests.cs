using Google.Protobuf;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;

namespace MlNetPositional.Contract.Tests.Onnx;

/// <summary>
/// The ONNX project's own operator test cases (shared/onnx-conformance): each model is read with our
/// schema and written back; the original and the rewritten model both run in ONNX Runtime on the
/// stored inputs and must match the stored outputs (relative 1e-4).
/// </summary>
[TestClass]
public sealed class ConformanceTests
{
    private const double RelativeTolerance = 1e-4;
    private const double AbsoluteTolerance = 1e-6;

    public static IEnumerable<object[]> Cases =>
        Directory.Exists(ConformanceData.Folder)
            ? Directory.GetDirectories(ConformanceData.Folder, "test_*").Order(StringComparer.Ordinal).Select(d => new object[] { Path.GetFileName(d) })
            : [];

    [TestMethod]
    public void ConformanceFolder_HoldsTheCases()
    {
        Assert.IsTrue(Directory.Exists(ConformanceData.Folder), $"expected the ONNX conformance cases at {ConformanceData.Folder}");
        Assert.AreEqual(129, Cases.Count(), "the ONNX conformance cases in shared/onnx-conformance (the README says 129)");
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void ReadWriteRun_MatchesStoredOutputs(string name)
    {
        var folder = Path.Combine(ConformanceData.Folder, name);
        var original = File.ReadAllBytes(Path.Combine(folder, "model.onnx"));
        var model = OnnxModelFile.Parse(original, name);
        var rewritten = model.ToByteArray();
        Assert.AreEqual(model, ModelProto.Parser.ParseFrom(rewritten), "the rewritten model parses to the same message");

        var data = Path.Combine(folder, "test_data_set_0");
        var inputs = Directory.GetFiles(data, "input_*.pb").Order(StringComparer.Ordinal).Select(Load).ToList();
        var expected = Directory.GetFiles(data, "output_*.pb").Order(StringComparer.Ordinal).Select(Load).ToList();
        var initializers = model.Graph.Initializer.Select(i => i.Name).ToHashSet();
        var inputNames = model.Graph.Input.Select(i => i.Name).Where(n => !initializers.Contains(n)).ToList();
        var outputNames = model.Graph.Output.Select(o => o.Name).ToList();
        Assert.AreEqual(inputNames.Count, inputs.Count);

        foreach (var (label, bytes) in new[] { ("original", original), ("rewritten", rewritten) })
        {
            var actual = OrtRunner.Run(bytes, inputNames, inputs, outputNames);
            for (var o = 0; o < expected.Count; o++)
            {
                CollectionAssert.AreEqual(expected[o].Dims.ToArray(), actual[o].Shape, $"{label} output {o} shape");
                var want = OrtRunner.Expected(expected[o]);
                for (var i = 0; i < want.Length; i++)
                {
                    var tolerance = AbsoluteTolerance + (RelativeTolerance * Math.Abs(want[i]));
                    Assert.IsTrue(Math.Abs(actual[o].Values[i] - want[i]) <= tolerance,
                        $"{label} output {o}[{i}]: {actual[o].Values[i]} vs {want[i]}");
                }
            }
        }
    }

    private static TensorProto Load(string path) => TensorProto.Parser.ParseFrom(File.ReadAllBytes(path));
}
