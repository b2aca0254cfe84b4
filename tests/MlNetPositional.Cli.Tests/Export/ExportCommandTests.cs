using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Cli.Tests.External;
using MlNetPositional.Contract.Onnx;
using DataType = MlNetPositional.Contract.Onnx.Schema.TensorProto.Types.DataType;

namespace MlNetPositional.Cli.Tests.Export;

[TestClass]
public sealed class ExportCommandTests
{
    private const float Tolerance = 1e-5f;

    [TestMethod]
    public void Inspect_ShowsContractConfigAndSizes()
    {
        var (code, stdout, stderr) = CliRunner.Run("inspect", ExportedModelFixture.Model);

        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "ONNX IR 8, opset 17, contract 2");
        StringAssert.Contains(stdout, "input:       input_ids int64 [batch, seq]");
        StringAssert.Contains(stdout, "input:       attention_mask int64 [batch, seq]");
        StringAssert.Contains(stdout, "output:      embeddings float [batch, seq, 16]");
        StringAssert.Contains(stdout, "output:      pooled float [batch, 16]");
        StringAssert.Contains(stdout, "learned positions, 2 layer(s), 2 heads, dim 16, max length 8, pad id 0");
        StringAssert.Contains(stdout, "vocabulary:  16 tokens");
        StringAssert.Contains(stdout, "producer:    MlNetPositional 0.1.0");
    }

    [TestMethod]
    public void InspectJson_ParameterCountAndFileSizeAreConsistent()
    {
        var (code, stdout, stderr) = CliRunner.Run("inspect", ExportedModelFixture.Model, "--json");

        Assert.AreEqual(0, code, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        // tokens 16x16 + positions 8x16 + 2 blocks x (2 LN x 32 + qkv 16x48+48 + out 16x16+16 + up 16x64+64 + down 64x16+16) + final LN 32
        var expected = (16 * 16) + (8 * 16) + (2 * ((2 * 32) + (16 * 48) + 48 + (16 * 16) + 16 + (16 * 64) + 64 + (64 * 16) + 16)) + 32;
        Assert.AreEqual(expected, root.GetProperty("parameters").GetInt64());
        Assert.AreEqual(new FileInfo(ExportedModelFixture.Model).Length, root.GetProperty("file_bytes").GetInt64());
        Assert.IsTrue(root.GetProperty("file_bytes").GetInt64() <= (expected * 4 * 1.01) + (64 * 1024));
        Assert.AreEqual(16, root.GetProperty("vocabulary_size").GetInt32());
        Assert.AreEqual(1, root.GetProperty("training_seed").GetInt32());
        Assert.AreEqual("reverse", root.GetProperty("metrics").GetProperty("task").GetString());
        Assert.AreEqual(8, root.GetProperty("config").GetProperty("max_length").GetInt32());
    }

    [TestMethod]
    public void Export_Opset21_WritesIr10()
    {
        var model = Path.Combine(CliRunner.NewDirectory("opset21"), "m.onnx");

        var (code, stdout, stderr) = CliRunner.Run("export", "--checkpoint", ExportedModelFixture.Run, "--out", model, "--opset", "21");

        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "opset 21, IR 10");
        var onnx = OnnxModelFile.Read(model);
        Assert.AreEqual(10, onnx.IrVersion);
        Assert.AreEqual(21, onnx.OpsetImport.Single().Version);
    }

    [TestMethod]
    [TestCategory("External")]
    public void Embed_MatchesOnnxRuntimeOutsideDotNet()
    {
        string[] rows = ["3 5 7 9", "11 2", "4 4 4 4 4 4 4 4"];
        var (code, stdout, stderr) = CliRunner.Run("embed", "--model", ExportedModelFixture.Model, "--ids", rows[0], "--ids", rows[1], "--ids", rows[2], "--json");
        Assert.AreEqual(0, code, stderr);
        using var json = JsonDocument.Parse(stdout);

        var node = NodeOnnxRuntime.Run(ExportedModelFixture.Model, rows);

        CollectionAssert.AreEqual(new long[] { 3, 8, 16 }, node.EmbeddingDims);
        foreach (var row in json.RootElement.EnumerateArray())
        {
            var r = row.GetProperty("row").GetInt32();
            var pooled = row.GetProperty("pooled").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            AssertClose(node.Pooled.AsSpan(r * 16, 16), pooled, $"pooled row {r}");
            var t = 0;
            foreach (var token in row.GetProperty("embeddings").EnumerateArray())
            {
                AssertClose(node.Embeddings.AsSpan(((r * 8) + t) * 16, 16), [.. token.EnumerateArray().Select(v => v.GetSingle())], $"row {r} token {t}");
                t++;
            }

            Assert.AreEqual(rows[r].Split(' ').Length, t);
        }
    }

    [TestMethod]
    public void NodeOnnxRuntime_LeftAndRightPaddedBatches_GiveTheSameEmbeddings()
    {
        string[] rows = ["3 5 7", "9 2 6 8 10 4 11 12", "4"];
        var right = NodeOnnxRuntime.Run(ExportedModelFixture.Model, "right", rows);
        var left = NodeOnnxRuntime.Run(ExportedModelFixture.Model, "left", rows);

        const int Length = 8, Dim = 16;
        for (var r = 0; r < rows.Length; r++)
        {
            var count = rows[r].Split(' ').Length;
            AssertClose(right.Pooled.AsSpan(r * Dim, Dim), left.Pooled.AsSpan(r * Dim, Dim).ToArray(), $"pooled row {r}");
            for (var t = 0; t < count; t++)
            {
                var leftToken = left.Embeddings.AsSpan(((r * Length) + (Length - count) + t) * Dim, Dim).ToArray();
                AssertClose(right.Embeddings.AsSpan(((r * Length) + t) * Dim, Dim), leftToken, $"row {r} token {t}");
            }
        }
    }

    [TestMethod]
    public void StockMlNetApplyOnnxModel_LoadsAndScoresLikeEmbed()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[]
        {
            new Row { InputIds = [3, 5, 7], AttentionMask = [1, 1, 1] },
            new Row { InputIds = [9, 2, 6, 8, 10], AttentionMask = [1, 1, 1, 1, 1] },
        });
        var pipeline = ml.Transforms.ApplyOnnxModel(["pooled"], ["input_ids", "attention_mask"], ExportedModelFixture.Model, gpuDeviceId: null, fallbackToCpu: false);

        var scored = pipeline.Fit(data).Transform(data);
        var pooled = scored.GetColumn<float[]>("pooled").ToList();

        var (code, stdout, stderr) = CliRunner.Run("embed", "--model", ExportedModelFixture.Model, "--ids", "3 5 7", "--ids", "9 2 6 8 10", "--json");
        Assert.AreEqual(0, code, stderr);
        using var json = JsonDocument.Parse(stdout);
        var expected = json.RootElement.EnumerateArray().Select(r => r.GetProperty("pooled").EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToList();
        Assert.AreEqual(2, pooled.Count);
        for (var r = 0; r < 2; r++)
        {
            AssertClose(pooled[r], expected[r], $"ML.NET row {r}");
        }
    }

    [TestMethod]
    public void Export_FailsOnBadCheckpoint_LeavesExistingModelIntact()
    {
        var folder = CliRunner.NewDirectory("atomic");
        Directory.CreateDirectory(folder);
        var model = Path.Combine(folder, "model.onnx");
        File.Copy(ExportedModelFixture.Model, model);
        var badRun = Path.Combine(folder, "bad-run");
        Directory.CreateDirectory(badRun);
        File.WriteAllText(Path.Combine(badRun, "checkpoint.bin"), "truncated");

        var (code, _, stderr) = CliRunner.Run("export", "--checkpoint", badRun, "--out", model);

        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "checkpoint.bin");
        CollectionAssert.AreEqual(File.ReadAllBytes(ExportedModelFixture.Model), File.ReadAllBytes(model));
        CollectionAssert.AreEqual(new[] { model }, Directory.GetFiles(folder), "no temp file left behind");
    }

    [TestMethod]
    [DataRow("export|--checkpoint|/no/such/run|--out|/tmp/x.onnx", "/no/such/run")]
    [DataRow("export|--checkpoint|RUN|--out|/proc/no/such/dir/m.onnx", "cannot write --out /proc/no/such/dir/m.onnx")]
    [DataRow("export|--checkpoint|RUN|--out|/tmp/x.onnx|--opset|16", "--opset 16 is not supported; use 17 to 21")]
    [DataRow("inspect|/no/such/model.onnx", "/no/such/model.onnx: the file does not exist")]
    [DataRow("inspect|CHECKPOINT", "it is not an ONNX model")]
    [DataRow("inspect|FOREIGN", "missing keys: mlnet_positional.contract_version, mlnet_positional.config")]
    [DataRow("embed|--model|MODEL|--ids|3 99 7", "Token id 99 at row 0, position 1 is outside the vocabulary [0, 16)")]
    [DataRow("embed|--model|MODEL|--ids|3|--ids|2 -1", "Token id -1 at row 1, position 1")]
    [DataRow("embed|--model|MODEL|--ids|1 2 3 4 5 6 7 8 9", "Row 0 has 9 tokens; the model's max length is 8")]
    [DataRow("embed|--model|MODEL|--ids|3 x", "'x' is not an integer token id")]
    [DataRow("embed|--model|MODEL|--ids| ", "Row 0 is empty")]
    public void BadInput_OneLineAndExitCode2(string arguments, string expected)
    {
        var args = arguments.Split('|').Select(a => a switch
        {
            "RUN" => ExportedModelFixture.Run,
            "MODEL" => ExportedModelFixture.Model,
            "CHECKPOINT" => Path.Combine(ExportedModelFixture.Run, "checkpoint.bin"),
            "FOREIGN" => ForeignOnnxModel(),
            _ => a,
        }).ToArray();

        var (code, stdout, stderr) = CliRunner.Run(args);

        Assert.AreEqual(2, code, stderr);
        StringAssert.Contains(stderr, expected);
        Assert.AreEqual(1, stderr.TrimEnd().Split('\n').Length, stderr);
        Assert.AreEqual("", stdout);
    }

    /// <summary>A valid ONNX model (Add of two inputs) that is not ours.</summary>
    private static string ForeignOnnxModel()
    {
        var graph = new GraphBuilder("add");
        graph.AddInput("a", DataType.Float, 2L);
        graph.AddInput("b", DataType.Float, 2L);
        graph.NodeTo("Add", "c", ["a", "b"]);
        graph.AddOutput("c", DataType.Float, 2L);
        var path = Path.Combine(CliRunner.NewDirectory("foreign"), "add.onnx");
        OnnxModelFile.Write(path, graph.Build(17, "test", []));
        return path;
    }

    private static void AssertClose(ReadOnlySpan<float> expected, float[] actual, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, what);
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.IsTrue(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"{what}[{i}]: {expected[i]} vs {actual[i]}");
        }
    }

    private sealed class Row
    {
        [ColumnName("input_ids")]
        public long[] InputIds { get; set; } = [];

        [ColumnName("attention_mask")]
        public long[] AttentionMask { get; set; } = [];
    }
}
