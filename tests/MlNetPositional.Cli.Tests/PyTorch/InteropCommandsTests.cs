using MlNetPositional.Contract.Onnx;

namespace MlNetPositional.Cli.Tests.PyTorch;

/// <summary>The import, export-weights, resize and evaluate verbs: what they print and their exit codes.</summary>
[TestClass]
public sealed class InteropCommandsTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "pytorch", name);

    [TestMethod]
    public void Import_SeedModule_WritesTheModelAndSaysWhatItAdded()
    {
        var folder = Directory.CreateDirectory(CliRunner.NewDirectory("import")).FullName;
        var model = Path.Combine(folder, "seed.onnx");

        var (code, stdout, stderr) = CliRunner.Run("import", "--weights", Fixture("seed.pt"), "--out", model, "--checkpoint-out", Path.Combine(folder, "run"));

        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "(layout seed): vocab 22, max length 8, dim 16");
        StringAssert.Contains(stdout, "added [PAD] as id 20");
        StringAssert.Contains(stdout, "parity: max |ONNX Runtime - TorchSharp| = ");
        Assert.AreEqual(8, ModelFileMetadata.Read(model).Config.MaxLength);
        Assert.IsTrue(File.Exists(Path.Combine(folder, "run", "checkpoint.bin")));
    }

    [TestMethod]
    public void Import_NotAStateDict_Exit2NamingTheFile()
    {
        var (code, _, stderr) = CliRunner.Run("import", "--weights", Fixture("not_a_state_dict.pt"), "--out", Path.Combine(CliRunner.NewDirectory("import-bad"), "x.onnx"));

        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "not_a_state_dict.pt: it is a torch.save file but not a state_dict");
    }

    [TestMethod]
    [DataRow("view_split.pt", "vocab 14, max length 8, dim 6")]
    [DataRow("view_transposed.pt", "vocab 14, max length 8, dim 6")]
    [DataRow("view_shared_slices.pt", "vocab 14, max length 8, dim 6")]
    public void Import_TensorsSavedAsViews_WritesTheModel(string weights, string shape)
    {
        var model = Path.Combine(Directory.CreateDirectory(CliRunner.NewDirectory("import-views")).FullName, "model.onnx");

        var (code, stdout, stderr) = CliRunner.Run("import", "--weights", Fixture(weights), "--out", model);

        Assert.AreEqual(0, code, stderr);
        Assert.AreEqual("", stderr);
        StringAssert.Contains(stdout, $"(layout seed): {shape}");
        Assert.AreEqual(8, ModelFileMetadata.Read(model).Config.MaxLength);
    }

    [TestMethod]
    // Safetensors headers of issue 22's case 06 (its make.py), and a view outside its storage.
    [DataRow("negative_shape.safetensors", """{"dtype": "F32", "shape": [-8, -6], "data_offsets": [288, 480]}""", "tensor 'pos_emb.weight': shape [-8, -6] has a negative dimension (-8).")]
    [DataRow("overflow_shape.safetensors", """{"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [288, 480]}""", "tensor 'pos_emb.weight': shape [4294967296, 4294967296] of dtype F32 overflows")]
    [DataRow("overlapping.safetensors", """{"dtype": "F32", "shape": [8, 6], "data_offsets": [0, 192]}""", "tensor 'pos_emb.weight': data_offsets [0, 192] overlap tensor 'embed.weight' [0, 288].")]
    [DataRow("view_offset_out_of_bounds.pt", null, "tensor 'pos_emb.weight' needs 121 elements of its storage (size [8, 6], stride [6, 1], storage offset 73) but storage record data/0 holds 120.")]
    [DataRow("legacy_format.pt", null, "it is a legacy torch.save file (PyTorch before 1.6), which is not read")]
    public void Import_MalformedWeights_OneLineOnStderrExit2NamingFileTensorAndField(string file, string? positionEntry, string cause)
    {
        var folder = Directory.CreateDirectory(CliRunner.NewDirectory("import-malformed")).FullName;
        var weights = positionEntry is null ? Fixture(file) : WriteSeedSafetensors(Path.Combine(folder, file), positionEntry);
        var model = Path.Combine(folder, "model.onnx");

        var (code, stdout, stderr) = CliRunner.Run("import", "--weights", weights, "--out", model);

        Assert.AreEqual(2, code, stderr);
        Assert.AreEqual("", stdout);
        Assert.AreEqual($"error: {weights}: ", stderr[..(weights.Length + 9)]);
        StringAssert.Contains(stderr, cause);
        Assert.AreEqual(1, stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, stderr);
        Assert.IsFalse(stderr.Contains("frame #", StringComparison.Ordinal) || stderr.Contains("neither a torch.save", StringComparison.Ordinal), stderr);
        Assert.IsFalse(File.Exists(model));
    }

    /// <summary>The seed layout as case 06's make.py writes it: tables [12, 6] and [8, 6] of float32, the position entry as given.</summary>
    private static string WriteSeedSafetensors(string path, string positionEntry)
    {
        var header = System.Text.Encoding.UTF8.GetBytes($$"""{"embed.weight": {"dtype": "F32", "shape": [12, 6], "data_offsets": [0, 288]}, "pos_emb.weight": {{positionEntry}}}""");
        var data = new byte[480];
        for (var i = 0; i < 120; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), 0.01f * i);
        }

        var length = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        File.WriteAllBytes(path, [.. length, .. header, .. data]);
        return path;
    }

    [TestMethod]
    public void Import_UnknownLayout_Exit2ListingTheLayouts()
    {
        var (code, _, stderr) = CliRunner.Run("import", "--weights", Fixture("seed.pt"), "--layout", "t5", "--out", "x.onnx");

        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "expected auto, seed, bert, gpt2, mlnet-positional, map");
    }

    [TestMethod]
    public void ExportWeights_ThenResizeAndEvaluate_WorkOnAnImportedRun()
    {
        var folder = Directory.CreateDirectory(CliRunner.NewDirectory("interop-roundtrip")).FullName;
        var run = Path.Combine(folder, "run");
        Assert.AreEqual(0, CliRunner.Run("import", "--weights", Fixture("seed.pt"), "--out", Path.Combine(folder, "seed.onnx"), "--checkpoint-out", run).ExitCode);

        var exported = CliRunner.Run("export-weights", "--checkpoint", run, "--out", Path.Combine(folder, "back.safetensors"));
        var badExtension = CliRunner.Run("export-weights", "--checkpoint", run, "--out", Path.Combine(folder, "back.onnx"));
        var resized = CliRunner.Run("resize", "--checkpoint", run, "--max-len", "12", "--method", "extend-sinusoidal", "--out", Path.Combine(folder, "at12"));
        var resizedModel = CliRunner.Run("resize", "--model", Path.Combine(folder, "seed.onnx"), "--max-len", "4", "--method", "truncate", "--out", Path.Combine(folder, "at4.onnx"));
        var cannotLengthen = CliRunner.Run("resize", "--model", Path.Combine(folder, "seed.onnx"), "--max-len", "9", "--method", "truncate", "--out", Path.Combine(folder, "x.onnx"));
        var evaluated = CliRunner.Run("evaluate", "--checkpoint", Path.Combine(folder, "at12"), "--min-len", "9", "--max-len", "12", "--samples", "64", "--json");

        Assert.AreEqual(0, exported.ExitCode, exported.Stderr);
        StringAssert.Contains(exported.Stdout, "(2 tensors)");
        Assert.AreEqual(2, badExtension.ExitCode);
        Assert.AreEqual(0, resized.ExitCode, resized.Stderr);
        StringAssert.Contains(resized.Stdout, "fine-tune with: train --resume");
        Assert.AreEqual(0, resizedModel.ExitCode, resizedModel.Stderr);
        Assert.AreEqual(4, ModelFileMetadata.Read(Path.Combine(folder, "at4.onnx")).Config.MaxLength);
        Assert.AreEqual(2, cannotLengthen.ExitCode);
        StringAssert.Contains(cannotLengthen.Stderr, "truncate only shortens");
        Assert.AreEqual(0, evaluated.ExitCode, evaluated.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(evaluated.Stdout);
        Assert.AreEqual(9, json.RootElement.GetProperty("min_len").GetInt32());
        Assert.AreEqual(12, json.RootElement.GetProperty("max_len").GetInt32());
        Assert.AreEqual(64, json.RootElement.GetProperty("samples").GetInt32());
        Assert.IsTrue(json.RootElement.GetProperty("accuracy").GetDouble() is >= 0 and <= 1);
        Assert.IsTrue(json.RootElement.GetProperty("baseline").GetDouble() is > 0 and <= 1);

        var pastTheTable = CliRunner.Run("evaluate", "--checkpoint", run, "--min-len", "9", "--max-len", "12");
        Assert.AreEqual(0, pastTheTable.ExitCode, pastTheTable.Stderr);
        StringAssert.Contains(pastTheTable.Stdout, "not applicable: learned positions stop at the table's 8 rows");
    }

    [TestMethod]
    [DataRow("rope")]
    [DataRow("alibi")]
    public void RelativeKind_OnMatchBack_EvaluatesPastItsTrainingLength(string positional)
    {
        var run = Path.Combine(CliRunner.NewDirectory("relative"), "run");
        var train = CliRunner.Run("train", "--task", "match-back", "--offset", "2", "--positional", positional, "--layers", "1", "--dim", "16", "--heads", "2", "--max-len", "16", "--vocab-size", "12", "--steps", "5", "--batch-size", "16", "--eval-every", "5", "--out", run);
        Assert.AreEqual(0, train.ExitCode, train.Stderr);

        var evaluated = CliRunner.Run("evaluate", "--checkpoint", run, "--min-len", "17", "--max-len", "48", "--samples", "32", "--json");

        Assert.AreEqual(0, evaluated.ExitCode, evaluated.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(evaluated.Stdout);
        Assert.IsTrue(json.RootElement.GetProperty("applicable").GetBoolean(), "no table: any length");
        Assert.AreEqual("match-back", json.RootElement.GetProperty("task").GetString());
    }

    [TestMethod]
    public void RelativeKind_WithoutLayers_Exit2SayingWhy()
    {
        var (code, _, stderr) = CliRunner.Run("train", "--task", "reverse", "--positional", "rope", "--layers", "0", "--steps", "1", "--out", Path.Combine(CliRunner.NewDirectory("rope0"), "run"));

        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "positional 'rope' acts inside attention: it needs at least one encoder layer");
    }
}
