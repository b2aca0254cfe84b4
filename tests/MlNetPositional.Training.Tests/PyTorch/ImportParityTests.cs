using MlNetPositional.Contract.Onnx;
using MlNetPositional.Inference;
using MlNetPositional.Training.PyTorch;

namespace MlNetPositional.Training.Tests.PyTorch;

/// <summary>
/// Imported models compute what PyTorch computed: each layout's exported ONNX model, run by ONNX
/// Runtime, against the outputs real PyTorch recorded in the fixtures (<= 1e-6); and this project's
/// own export-weights files, loaded by PyTorch into docs/mlnet_positional.py with strict=True.
/// </summary>
[TestClass]
public sealed class ImportParityTests
{
    private const float Tolerance = 1e-6f;

    [TestMethod]
    [DataRow("seed.pt", "seed", null, "seed")]
    [DataRow("seed.safetensors", "seed", null, "seed")]
    [DataRow("seed_fp16.pt", "seed_fp16", null, "seed")]
    [DataRow("bert.pt", "bert", "bert_vocab.txt", "bert")]
    [DataRow("gpt2.safetensors", "gpt2", null, "gpt2")]
    [DataRow("view_split.pt", "view_split", null, "seed")]
    [DataRow("view_transposed.pt", "view_transposed", null, "seed")]
    [DataRow("view_shared_slices.pt", "view_shared_slices", null, "seed")]
    [DataRow("view_expanded.pt", "view_expanded", null, "seed")]
    [DataRow("view_parameters.pt", "view_parameters", null, "seed")]
    public void ImportedLayout_OnnxRuntimeGivesPyTorchsOutputs(string weights, string io, string? vocabulary, string layout)
    {
        var model = Import(new ImportRequest { WeightsPath = PyTorchFixtures.File(weights), VocabularyPath = vocabulary is null ? null : PyTorchFixtures.File(vocabulary) }, out var imported);

        Assert.AreEqual(layout, imported.Layout.ToName(), "recognised from the tensor names");
        AssertOutputs(model, io, Tolerance);
    }

    [TestMethod]
    [DataRow("view_split.pt")]
    [DataRow("view_transposed.pt")]
    [DataRow("view_shared_slices.pt")]
    [DataRow("view_expanded.pt")]
    [DataRow("view_parameters.pt")]
    public void Read_TensorsSavedAsViews_GivesWhatTorchLoadGives(string weights)
    {
        // torch.save keeps views (offsets, strides, shared and expanded storages); make_reader_fixtures.py
        // recorded what torch.load gives back for each tensor.
        var expected = PyTorchFixtures.Values(Path.ChangeExtension(weights, null));

        var tensors = StateDictFile.Read(PyTorchFixtures.File(weights));
        try
        {
            CollectionAssert.AreEquivalent(expected.Keys.ToList(), tensors.Keys.ToList());
            foreach (var (name, (dtype, shape, values)) in expected)
            {
                var tensor = tensors[name];
                Assert.AreEqual(dtype, tensor.dtype, name);
                CollectionAssert.AreEqual(shape, tensor.shape, name);
                Assert.IsTrue(tensor.is_contiguous(), $"{name} is a contiguous copy");
                using var asFloat = tensor.to_type(TorchSharp.torch.ScalarType.Float32);
                CollectionAssert.AreEqual(values, asFloat.data<float>().ToArray(), $"{name}: exactly PyTorch's values");
            }
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    [TestMethod]
    public void Read_TensorsSharingAStorage_AreIndependentCopies()
    {
        var tensors = StateDictFile.Read(PyTorchFixtures.File("view_shared_slices.pt"));
        try
        {
            var before = tensors["pos_emb.weight"].data<float>().ToArray();

            tensors["table.all"].fill_(0f);

            CollectionAssert.AreEqual(before, tensors["pos_emb.weight"].data<float>().ToArray(), "writing one tensor leaves the others of its storage as they were");
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    [TestMethod]
    public void ExplicitMap_SameModelAsTheRecognisedLayout()
    {
        var model = Import(new ImportRequest
        {
            WeightsPath = PyTorchFixtures.File("gpt2.safetensors"),
            Layout = WeightLayout.Map,
            Map = new Dictionary<string, string> { ["token"] = "wte.weight", ["position"] = "wpe.weight" },
        }, out _);

        AssertOutputs(model, "gpt2", Tolerance);
    }

    [TestMethod]
    public void SeedModule_KeepsEveryIdAndAddsPadAndUnkAsNewZeroRows()
    {
        using var imported = WeightImporter.Import(new ImportRequest { WeightsPath = PyTorchFixtures.File("seed.pt") });

        Assert.AreEqual(22, imported.Vocabulary.Count);
        Assert.AreEqual(20, imported.Vocabulary.PadId);
        Assert.AreEqual(21, imported.Vocabulary.UnknownId);
        Assert.AreEqual("0", imported.Vocabulary[0], "without --vocab, tokens are their ids");
        var table = imported.Encoder.Embedding.TokenTable;
        Assert.AreEqual(0f, table[20].abs().max().item<float>());
        Assert.AreEqual(0f, table[21].abs().max().item<float>());
        Assert.IsTrue(table[0].abs().max().item<float>() > 0, "id 0 is an ordinary token of the seed module");
    }

    [TestMethod]
    public void HalfPrecision_IsConvertedAndSaidSo()
    {
        using var imported = WeightImporter.Import(new ImportRequest { WeightsPath = PyTorchFixtures.File("seed_fp16.pt") });

        CollectionAssert.Contains(imported.Notes.ToList(), "converted 'embed.weight' from float16 to float32 (exact).");
    }

    [TestMethod]
    public void BertStyle_NormAndTokenTypeAreImported_EncoderLayersAndBuffersLeftOut()
    {
        using var imported = WeightImporter.Import(new ImportRequest { WeightsPath = PyTorchFixtures.File("bert.pt"), VocabularyPath = PyTorchFixtures.File("bert_vocab.txt") });

        var config = imported.Encoder.Config;
        Assert.IsTrue(config.EmbeddingNorm && config.SegmentRow);
        Assert.AreEqual(1e-12, config.EffectiveEmbeddingNormEpsilon);
        Assert.AreEqual(0, imported.Vocabulary.PadId, "BERT's own [PAD]");
        Assert.AreEqual(2, imported.Vocabulary.UnknownId, "BERT's own [UNK]");
        Assert.IsTrue(imported.Notes.Any(n => n.Contains("encoder.layer.0.attention.self.query.weight", StringComparison.Ordinal)));
    }

    [TestMethod]
    [DataRow("ours.pt")]
    [DataRow("ours.safetensors")]
    public void ExportWeightsFiles_LoadedByPyTorchStrict_GiveOurOutputs(string weights)
    {
        // make_fixtures.py loaded these files into docs/mlnet_positional.py with strict=True and
        // recorded its outputs; reading them back here must give the same outputs.
        var model = Import(new ImportRequest { WeightsPath = PyTorchFixtures.File(weights) }, out var imported);

        Assert.AreEqual(WeightLayout.MlNetPositional, imported.Layout);
        Assert.AreEqual(1, imported.Encoder.Config.Layers);
        AssertOutputs(model, "ours", Tolerance);
    }

    /// <summary>Imports, exports to ONNX (with the parity check) and loads it into ONNX Runtime.</summary>
    private static PositionalEmbeddingModel Import(ImportRequest request, out ImportedModel imported)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("import-").FullName, "model.onnx");
        imported = WeightImporter.Import(request);
        using (imported)
        {
            var parity = ImportedModelWriter.WriteOnnx(imported, path, request.WeightsPath);
            Assert.IsTrue(parity <= 1e-6, $"ONNX Runtime vs TorchSharp: {parity}");
        }

        return PositionalEmbeddingModel.Load(path);
    }

    private static void AssertOutputs(PositionalEmbeddingModel model, string io, float tolerance)
    {
        using var _ = model;
        var (ids, mask, outputs) = PyTorchFixtures.InputsAndOutputs(io);
        // Right padding: the real tokens of each row are its prefix where mask is 1.
        var sequences = ids.Select((row, r) => row.Take(mask is null ? row.Length : (int)mask[r].Sum()).ToArray()).ToList();
        var embedded = model.Embed(sequences);
        for (var r = 0; r < sequences.Count; r++)
        {
            for (var t = 0; t < sequences[r].Length; t++)
            {
                var ours = embedded[r].Token(t).ToArray();
                for (var c = 0; c < ours.Length; c++)
                {
                    Assert.AreEqual(outputs[r][t][c], ours[c], tolerance, $"{io}: row {r}, position {t}, value {c}");
                }
            }
        }
    }
}
