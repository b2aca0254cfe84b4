using MlNetPositional.Contract;
using MlNetPositional.Training.Checkpoints;
using MlNetPositional.Training.PyTorch;
using MlNetPositional.Training.Runs;
using MlNetPositional.Training.Specs;

namespace MlNetPositional.Training.Tests.PyTorch;

/// <summary>
/// export-weights writes the checkpoint's encoder exactly, under the names PyTorch loaded with
/// strict=True into docs/mlnet_positional.py (the committed ours.pt), in both formats.
/// </summary>
[TestClass]
public sealed class ExportWeightsTests
{
    [TestMethod]
    [DataRow("model.pt")]
    [DataRow("model.safetensors")]
    public void Checkpoint_WrittenExactly_WithThePyTorchModulesNames(string file)
    {
        var folder = Directory.CreateTempSubdirectory("export-weights-").FullName;
        var run = Path.Combine(folder, "run");
        Trainer.Train(new TrainingSpec
        {
            Model = new ModelConfig { VocabSize = 12, MaxLength = 8, Dim = 16, Heads = 2, Layers = 1 },
            Training = new TrainingSettings { Task = MlNetPositional.Training.Tasks.TaskKind.Order, Steps = 3, BatchSize = 8, EvalEvery = 3 },
        }, run);
        var path = Path.Combine(folder, file);

        var names = WeightExporter.Export(run, path);

        var written = StateDictFile.Read(path);
        var expectedNames = StateDictFile.Read(PyTorchFixtures.File("ours.pt")).Keys.Order(StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(expectedNames, written.Keys.Order(StringComparer.Ordinal).ToList(), "the names docs/mlnet_positional.py loads strictly");
        CollectionAssert.AreEquivalent(names.ToList(), written.Keys.ToList());
        var (_, model) = CheckpointModel.Load(new RunFiles(run).Checkpoint);
        using (model)
        {
            foreach (var (name, tensor) in model.Encoder.state_dict().Where(kv => written.ContainsKey(kv.Key)))
            {
                Assert.IsTrue(tensor.equal(written[name]).all().item<bool>(), name);
            }
        }

        Assert.AreEqual(12, ModelConfig.FromJson(File.ReadAllText(path + ".config.json")).VocabSize);
        Assert.AreEqual(12, Vocabulary.FromJson(File.ReadAllText(path + ".vocab.json")).Count);
    }

    [TestMethod]
    public void UnknownExtension_IsRefused() =>
        Assert.ThrowsExactly<ArgumentException>(() => StateDictFile.Write("/tmp/model.onnx", new Dictionary<string, TorchSharp.torch.Tensor>()));
}
