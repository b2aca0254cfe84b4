using MlNetPositional.Training.Interop;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Tests.Interop;

/// <summary>What the importer refuses, each with the file and the cause named (files made by PyTorch).</summary>
[TestClass]
public sealed class ImportErrorsTests
{
    [TestMethod]
    [DataRow("not_a_state_dict.pt", "not a state_dict (its top object is not a dictionary of tensors)")]
    [DataRow("whole_module.pt", "whole pickled module, not a state_dict")]
    [DataRow("float64.pt", "tensor 'embed.weight' is Float64; only float32, float16 and bfloat16")]
    [DataRow("int64.pt", "tensor 'embed.weight' is Int64")]
    [DataRow("mismatched.pt", "'pos_emb.weight' has shape [3, 6] but the token table 'embed.weight' [5, 4] says dim 4")]
    public void RefusedFile_NamesFileAndCause(string file, string cause)
    {
        var error = Assert.ThrowsExactly<InvalidWeightsException>(() => WeightImporter.Import(new ImportRequest { WeightsPath = PyTorchFixtures.File(file) }));

        StringAssert.StartsWith(error.Message, PyTorchFixtures.File(file));
        StringAssert.Contains(error.Message, cause);
    }

    [TestMethod]
    public void MissingTensor_ListsTheNamesFound()
    {
        var error = Assert.ThrowsExactly<InvalidWeightsException>(() => WeightImporter.Import(new ImportRequest { WeightsPath = PyTorchFixtures.File("gpt2.safetensors"), Layout = WeightLayout.Seed }));

        StringAssert.Contains(error.Message, "no tensor 'embed.weight' (layout seed); the file has: h.0.ln_1.weight, wpe.weight, wte.weight.");
    }

    [TestMethod]
    public void UnknownNames_AskForAnExplicitMap()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("import-names-").FullName, "odd.safetensors");
        using (var table = randn(4, 3))
        {
            StateDictFile.Write(path, new Dictionary<string, Tensor> { ["encoder.embed_tokens.weight"] = table });
        }

        var error = Assert.ThrowsExactly<InvalidWeightsException>(() => WeightImporter.Import(new ImportRequest { WeightsPath = path }));

        StringAssert.Contains(error.Message, "--layout map --map token=NAME --map position=NAME");
        StringAssert.Contains(error.Message, "The file has: encoder.embed_tokens.weight.");
    }

    [TestMethod]
    public void VocabularyOfAnotherSize_IsRefusedNamingBothCounts()
    {
        var vocabulary = Path.Combine(Directory.CreateTempSubdirectory("import-vocab-").FullName, "vocab.txt");
        File.WriteAllLines(vocabulary, ["[PAD]", "[UNK]", "a"]);

        var error = Assert.ThrowsExactly<InvalidWeightsException>(() => WeightImporter.Import(new ImportRequest { WeightsPath = PyTorchFixtures.File("bert.pt"), VocabularyPath = vocabulary }));

        StringAssert.Contains(error.Message, "it has 3 tokens but the token table");
        StringAssert.Contains(error.Message, "has 30 rows");
    }

    [TestMethod]
    public void MapWithoutPosition_SaysWhichRolesAreNeeded()
    {
        var error = Assert.ThrowsExactly<InvalidWeightsException>(() => WeightImporter.Import(new ImportRequest
        {
            WeightsPath = PyTorchFixtures.File("gpt2.safetensors"),
            Layout = WeightLayout.Map,
            Map = new Dictionary<string, string> { ["token"] = "wte.weight", ["positions"] = "wpe.weight" },
        }));

        StringAssert.Contains(error.Message, "--layout map needs --map token=NAME and --map position=NAME");
        StringAssert.Contains(error.Message, "unknown role(s): positions");
    }

    [TestMethod]
    public void MissingFile_SaysSo() =>
        StringAssert.Contains(Assert.ThrowsExactly<InvalidWeightsException>(() => WeightImporter.Import(new ImportRequest { WeightsPath = "/nonexistent/model.pt" })).Message, "does not exist");
}
