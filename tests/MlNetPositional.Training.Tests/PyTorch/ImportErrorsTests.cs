using MlNetPositional.Training.PyTorch;

using static TorchSharp.torch;

namespace MlNetPositional.Training.Tests.PyTorch;

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
    [DataRow("view_offset_out_of_bounds.pt", "tensor 'pos_emb.weight' needs 121 elements of its storage (size [8, 6], stride [6, 1], storage offset 73) but storage record data/0 holds 120.")]
    [DataRow("view_stride_out_of_bounds.pt", "tensor 'pos_emb.weight' needs 90 elements of its storage (size [8, 6], stride [12, 1], storage offset 0) but storage record data/0 holds 48.")]
    [DataRow("view_storage_short.pt", "': storage record data/0 holds 160 bytes but the pickle declares 48 elements of FloatStorage (4 bytes each).")]
    [DataRow("code_in_pickle.pt", "its pickle calls posix.system(...), which this reader does not build: it builds tensors and dictionaries only and runs nothing from the pickle.")]
    [DataRow("legacy_format.pt", "it is a legacy torch.save file (PyTorch before 1.6), which is not read")]
    public void RefusedFile_NamesFileAndCause(string file, string cause)
    {
        var error = Assert.ThrowsExactly<InvalidWeightsException>(() => WeightImporter.Import(new ImportRequest { WeightsPath = PyTorchFixtures.File(file) }));

        StringAssert.StartsWith(error.Message, PyTorchFixtures.File(file) + ": ");
        StringAssert.Contains(error.Message, cause);
        AssertOneLineWithoutNativeTrace(error.Message);
    }

    [TestMethod]
    [DataRow("truncated", "view_split.pt: it is a torch.save archive that cannot be read: ")]
    [DataRow("zip without data.pkl", "view_split.pt: it is a zip archive but not a torch.save file: torch.save writes one FOLDER/data.pkl record, this archive has 0.")]
    public void DamagedArchive_OneLineNamingTheFile(string damage, string cause)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("import-damaged-").FullName, "view_split.pt");
        if (damage == "truncated")
        {
            var bytes = File.ReadAllBytes(PyTorchFixtures.File("view_split.pt"));
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        }
        else
        {
            using var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create);
            using var writer = new StreamWriter(zip.CreateEntry("archive/version").Open());
            writer.Write("3\n");
        }

        var error = Assert.ThrowsExactly<InvalidWeightsException>(() => WeightImporter.Import(new ImportRequest { WeightsPath = path }));

        StringAssert.Contains(error.Message, cause, damage);
        AssertOneLineWithoutNativeTrace(error.Message);
    }

    [TestMethod]
    public void FileOfNeitherFormat_AloneSaysNeither()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("import-neither-").FullName, "notes.pt");
        File.WriteAllText(path, "embed.weight = [[0.1, 0.2]]\n");

        var error = Assert.ThrowsExactly<InvalidWeightsException>(() => WeightImporter.Import(new ImportRequest { WeightsPath = path }));

        Assert.AreEqual($"{path}: it is neither a torch.save state_dict (a zip archive; the legacy pre-1.6 format is not read) nor a safetensors file.", error.Message);
    }

    [TestMethod]
    public void PickleThatCallsAFunction_RunsNothing()
    {
        // code_in_pickle.pt holds os.system('touch /tmp/mlnet-positional-pickle-ran-code'), which Python's unpickler would run.
        const string Marker = "/tmp/mlnet-positional-pickle-ran-code";
        File.Delete(Marker);

        Assert.ThrowsExactly<InvalidWeightsException>(() => StateDictFile.Read(PyTorchFixtures.File("code_in_pickle.pt")));

        Assert.IsFalse(File.Exists(Marker));
    }

    [TestMethod]
    public void NativeError_IsTheInnerException_ItsBacktraceKeptOutOfTheMessage()
    {
        // A real libtorch error: its message carries the C++ backtrace ("Exception raised from ... frame #0").
        var native = Assert.ThrowsExactly<System.Runtime.InteropServices.ExternalException>(() => empty([-8, -6]));
        StringAssert.Contains(native.Message, "frame #");

        var error = new InvalidWeightsException("x.safetensors", $"it is a safetensors file that cannot be read: {native.Message}", native);

        Assert.AreEqual("x.safetensors: it is a safetensors file that cannot be read: Trying to create tensor with negative dimension -8: [-8, -6]", error.Message);
        Assert.AreSame(native, error.InnerException);
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

    internal static void AssertOneLineWithoutNativeTrace(string message)
    {
        Assert.IsFalse(message.Contains('\n', StringComparison.Ordinal), $"one line: {message}");
        Assert.IsFalse(message.Contains("frame #", StringComparison.Ordinal) || message.Contains("Exception raised from", StringComparison.Ordinal), $"no native backtrace: {message}");
        Assert.IsFalse(message.Contains("neither a torch.save", StringComparison.Ordinal), $"the file is recognised: {message}");
    }
}
