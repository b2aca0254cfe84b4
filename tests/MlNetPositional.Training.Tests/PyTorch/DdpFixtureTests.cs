using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Training.PyTorch;

namespace MlNetPositional.Training.Tests.PyTorch;

/// <summary>
/// A state dict written by PyTorch DistributedDataParallel training in 2 processes (docs/ddp_train.py;
/// Fixtures/ddp/make_fixture.sh is the command) imports with <c>--layout mlnet-positional</c> and,
/// scored through ML.NET's ApplyPositionalEmbedding, gives the outputs PyTorch recorded (<= 1e-5).
/// </summary>
[TestClass]
public sealed class DdpFixtureTests
{
    private const float Tolerance = 1e-5f;

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "ddp", name);

    [TestMethod]
    public void DdpStateDict_ImportsAsThisProjectsLayout_WithTheTrainedConfig()
    {
        using var imported = WeightImporter.Import(new ImportRequest { WeightsPath = Fixture("model.pt"), Layout = WeightLayout.MlNetPositional });
        using var metrics = JsonDocument.Parse(File.ReadAllText(Fixture("metrics.json")));

        var config = imported.Encoder.Config;
        Assert.AreEqual((12, 8, 16, 1, 2), (config.VocabSize, config.MaxLength, config.Dim, config.Layers, config.Heads));
        Assert.AreEqual(0, imported.Vocabulary.PadId);
        Assert.AreEqual(1, imported.Vocabulary.UnknownId);
        Assert.AreEqual(2, metrics.RootElement.GetProperty("processes").GetInt32(), "made by 2 DDP processes");
        Assert.IsEmpty(imported.Notes, "every tensor is one of the encoder's, nothing left out or converted");
    }

    [TestMethod]
    [DataRow(PositionalPooling.None)]
    [DataRow(PositionalPooling.Mean)]
    public void DdpStateDict_ScoredByApplyPositionalEmbedding_GivesPyTorchsOutputs(PositionalPooling pooling)
    {
        var model = Path.Combine(Directory.CreateTempSubdirectory("ddp-").FullName, "model.onnx");
        using (var imported = WeightImporter.Import(new ImportRequest { WeightsPath = Fixture("model.pt"), Layout = WeightLayout.MlNetPositional }))
        {
            var parity = ImportedModelWriter.WriteOnnx(imported, model, Fixture("model.pt"));
            Assert.IsTrue(parity <= 1e-5, $"ONNX Runtime vs TorchSharp at import: {parity}");
        }

        using var io = JsonDocument.Parse(File.ReadAllText(Fixture("model.io.json")));
        var mask = Rows(io.RootElement.GetProperty("mask"), v => v.GetInt64());
        // Right padding: each row's real tokens are its prefix where mask is 1; ML.NET gets only those.
        var rows = Rows(io.RootElement.GetProperty("ids"), v => v.GetInt64()).Select((ids, r) => new IdRow { Ids = [.. ids.Take((int)mask[r].Sum())] }).ToList();
        // PyTorch's (B, T, dim) with pads zeroed is Pooling.None's max-length x dim grid, row-major.
        var expected = pooling == PositionalPooling.None
            ? [.. io.RootElement.GetProperty("outputs").EnumerateArray().Select(row => row.EnumerateArray().SelectMany(t => t.EnumerateArray().Select(v => v.GetSingle())).ToArray())]
            : Rows(io.RootElement.GetProperty("pooled"), v => v.GetSingle());

        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var options = new PositionalEmbeddingOptions { InputColumnName = "Ids", OutputColumnName = "Features", ModelPath = model, Pooling = pooling };
        using var transformer = ml.Transforms.ApplyPositionalEmbedding(options).Fit(data);
        var actual = transformer.Transform(data).GetColumn<float[]>("Features").ToList();

        CollectionAssert.AreEqual(new[] { 1, 3, 4, 8 }, rows.Select(r => r.Ids.Length).ToArray(), "a one-token row, short rows and a full-length row");
        Assert.HasCount(expected.Length, actual);
        for (var r = 0; r < expected.Length; r++)
        {
            Assert.HasCount(expected[r].Length, actual[r]);
            for (var i = 0; i < expected[r].Length; i++)
            {
                Assert.AreEqual(expected[r][i], actual[r][i], Tolerance, $"row {r}, value {i}");
            }
        }
    }

    private static T[][] Rows<T>(JsonElement rows, Func<JsonElement, T> read) =>
        [.. rows.EnumerateArray().Select(row => row.EnumerateArray().Select(read).ToArray())];

    private sealed class IdRow
    {
        [VectorType]
        public long[] Ids { get; set; } = [];
    }
}
