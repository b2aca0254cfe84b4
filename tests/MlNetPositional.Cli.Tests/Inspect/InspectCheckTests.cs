using Google.Protobuf;
using MlNetPositional.Cli.Tests.Export;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;

namespace MlNetPositional.Cli.Tests.Inspect;

/// <summary>
/// inspect checks what scoring needs (and what the MSTest kit's IsValid checks): a file whose metadata
/// reads fine but whose graph ONNX Runtime refuses, cannot run, or runs to non-finite outputs exits 2
/// with one line, as embed does on the same file, instead of being printed as a model.
/// </summary>
[TestClass]
public sealed class InspectCheckTests
{
    [TestMethod]
    public void NodeInputRenamedByAFlippedBit_RefusedLikeEmbed()
    {
        // The reported damage: one character of a node's input name changed, so the graph no longer connects.
        var (path, renamed) = Mutate("renamed", model =>
        {
            var produced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in model.Graph.Node)
            {
                for (var i = 0; i < node.Input.Count; i++)
                {
                    if (produced.Contains(node.Input[i]) && node.Input[i].Length > 3)
                    {
                        var name = node.Input[i];
                        node.Input[i] = $"{name[..2]}{(char)(name[2] ^ 0x08)}{name[3..]}";
                        return node.Input[i];
                    }
                }

                produced.UnionWith(node.Output);
            }

            throw new AssertFailedException("no node reads another node's output");
        });

        var inspect = AssertRefused("inspect", path);
        var embed = AssertRefused("embed", "--model", path, "--ids", "1 2 3");

        StringAssert.Contains(inspect, $"{path}: ONNX Runtime cannot load it:");
        StringAssert.Contains(inspect, renamed);
        Assert.AreEqual(embed, inspect, "inspect and embed give the same reason");
    }

    [TestMethod]
    public void WeightOfTheWrongWidth_LoadsOrRunsIntoAnError_Refused()
    {
        // Another member of the kind: a LayerNorm scale one value too wide; ONNX Runtime refuses it at load or at run.
        var (path, weight) = Mutate("wide-weight", model =>
        {
            var scale = model.Graph.Initializer.First(t => t.Name.EndsWith("norm.weight", StringComparison.Ordinal) && t.Dims.Count == 1);
            var values = TensorData.Floats(scale).Append(1f).ToArray();
            scale.Dims[0] = values.Length;
            scale.RawData = ByteString.CopyFrom(values.SelectMany(BitConverter.GetBytes).ToArray());
            return scale.Name;
        });

        var inspect = AssertRefused("inspect", path);
        var embed = AssertRefused("embed", "--model", path, "--ids", "1 2 3");

        StringAssert.Contains(inspect, $"error: {path}: ONNX Runtime");
        // The same reason; only the batch shape inside ONNX Runtime's message differs.
        Assert.AreEqual(inspect[..inspect.IndexOf("X.shape", StringComparison.Ordinal)], embed[..embed.IndexOf("X.shape", StringComparison.Ordinal)], "embed reports the graph's failure as inspect does, not as a crash");
        Assert.IsTrue(inspect.Contains(weight, StringComparison.Ordinal) || inspect.Contains("17", StringComparison.Ordinal), inspect);
    }

    [TestMethod]
    public void FiniteWeightsThatOverflowWhenScored_Refused_AsIsValidRefusesThem()
    {
        // Every weight is finite, so the file-level check passes; the final LayerNorm's scale makes outputs infinite.
        var (path, _) = Mutate("overflow", model =>
        {
            var scale = model.Graph.Initializer.Last(t => t.Name.EndsWith("norm.weight", StringComparison.Ordinal) && t.Dims.Count == 1);
            var values = TensorData.Floats(scale).Select(_ => 3e38f).ToArray();
            scale.RawData = ByteString.CopyFrom(values.SelectMany(BitConverter.GetBytes).ToArray());
            return scale.Name;
        });

        var inspect = AssertRefused("inspect", path);

        StringAssert.Contains(inspect, $"error: {path}: it scores to non-finite outputs:");
        StringAssert.Contains(inspect, "of a seeded sample batch");
    }

    [TestMethod]
    public void SoundModel_SaysWhatWasChecked()
    {
        var (code, stdout, stderr) = CliRunner.Run("inspect", ExportedModelFixture.Model);

        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "check:       ok: ONNX Runtime loads the graph and scores a seeded sample batch to finite outputs");
    }

    private static string AssertRefused(params string[] arguments)
    {
        var (code, stdout, stderr) = CliRunner.Run(arguments);
        Assert.AreEqual(2, code, $"{string.Join(' ', arguments)}: {stdout}{stderr}");
        Assert.AreEqual("", stdout, "nothing printed as if the model were fine");
        Assert.AreEqual(1, stderr.TrimEnd().Split('\n').Length, stderr);
        Assert.IsFalse(stderr.Contains("   at ", StringComparison.Ordinal), stderr);
        return stderr.TrimEnd();
    }

    private static (string Path, string Changed) Mutate(string name, Func<ModelProto, string> change)
    {
        var model = OnnxModelFile.Read(ExportedModelFixture.Model);
        var changed = change(model);
        var path = Path.Combine(Directory.CreateDirectory(CliRunner.NewDirectory($"inspect-{name}")).FullName, $"{name}.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        return (path, changed);
    }
}
