using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Inference;
using MlNetPositional.SavedPipeline;
using MlNetPositional.Scoring;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// Fitting goes one way: no file is written at Fit or Transform, GetOutputSchema(SchemaShape) reads
/// only metadata, and the one file ML.NET insists on while saving lives in a private folder that is
/// gone afterwards. Runs alone: it points TMPDIR at a folder of its own.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class FitSideEffectsTests
{
    [TestMethod]
    public void FitTransformAndSchema_WriteNoFile_SaveLeavesNoFileBehind()
    {
        var temp = Directory.CreateTempSubdirectory("fit-side-effects-").FullName;
        var saved = Path.Combine(Path.GetTempPath(), $"side-effects-{Guid.NewGuid():N}.zip");
        var model = TestModels.Order; // trained before TMPDIR moves
        var previous = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", temp);
        try
        {
            Assert.AreEqual(Path.GetFullPath(temp).TrimEnd('/'), Path.GetFullPath(Path.GetTempPath()).TrimEnd('/'), "TMPDIR is read on every call");
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(WideRows.Create());
            var estimator = ml.Transforms.ApplyPositionalEmbedding("Features", "Ids", model);

            estimator.GetOutputSchema(TestViews.SchemaShapeOf(ml, data));
            using var transformer = estimator.Fit(data);
            _ = transformer.Transform(data).GetColumn<float[]>("Features").ToList();
            Assert.AreEqual(0, Directory.EnumerateFileSystemEntries(temp, "*", SearchOption.AllDirectories).Count(), "after Fit and Transform");

            ml.Model.Save(transformer, data.Schema, saved);
            Assert.AreEqual(0, Directory.EnumerateFileSystemEntries(temp, "*", SearchOption.AllDirectories).Count(), "after Save");
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", previous);
        }
    }

    [TestMethod]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void SaveChain_SpillsIntoAPrivateFolderWithAnUnpredictableName_RemovedOnDispose()
    {
        var temp = Directory.CreateTempSubdirectory("save-chain-").FullName;
        var previous = Environment.GetEnvironmentVariable("TMPDIR");
        var modelPath = TestModels.Order;
        Environment.SetEnvironmentVariable("TMPDIR", temp);
        try
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(WideRows.Create());
            using var model = PositionalEmbeddingModel.Load(modelPath);
            var settings = new PositionalEmbeddingOptions { OutputColumnName = "Features", InputColumnName = "Ids", ModelPath = modelPath }.ToSettings();
            string[] folders;
            using (StockPipeline.Fit(model, settings, data.Schema))
            using (StockPipeline.Fit(model, settings, data.Schema))
            {
                folders = Directory.GetDirectories(temp);
                Assert.AreEqual(2, folders.Length);
                Assert.AreNotEqual(folders[0], folders[1]);
                foreach (var folder in folders)
                {
                    Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder), folder);
                    Assert.AreEqual(1, Directory.GetFiles(folder).Length, "ML.NET's spill of the scoring graph");
                }
            }

            Assert.IsFalse(folders.Any(Directory.Exists), "removed with the chain");
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", previous);
        }
    }

    [TestMethod]
    public void GetOutputSchema_ReadsOnlyMetadata_AGraphOnnxRuntimeRefusesDoesNotMatter()
    {
        // Same metadata, graph replaced by a node ONNX Runtime cannot run: Fit must fail, the schema must not.
        var model = Contract.Onnx.OnnxModelFile.Read(TestModels.Order);
        model.Graph.Node[0].OpType = "NoSuchOperator";
        var path = Path.Combine(Path.GetTempPath(), $"broken-graph-{Guid.NewGuid():N}.onnx");
        Contract.Onnx.OnnxModelFile.Write(path, model);
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(WideRows.Create());
        var estimator = ml.Transforms.ApplyPositionalEmbedding("Features", "Ids", path);

        var shape = estimator.GetOutputSchema(TestViews.SchemaShapeOf(ml, data));

        var column = shape.Single(c => c.Name == "Features");
        Assert.AreEqual(SchemaShape.Column.VectorKind.Vector, column.Kind);
        Assert.AreEqual(NumberDataViewType.Single, column.ItemType);
        Assert.ThrowsExactly<Contract.InvalidOnnxModelException>(() => estimator.Fit(data));
    }

    [TestMethod]
    public void OptionsChangedAfterCreatingTheEstimator_ChangeNothing()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(WideRows.Create());
        var options = new PositionalEmbeddingOptions { OutputColumnName = "Features", InputColumnName = "Ids", ModelPath = TestModels.Order, BatchSize = 4 };
        var estimator = ml.Transforms.ApplyPositionalEmbedding(options);

        options.BatchSize = 0;
        options.ModelPath = "elsewhere.onnx";
        using var transformer = estimator.Fit(data);

        Assert.AreEqual((4, TestModels.Order), (transformer.BatchSize, transformer.ModelPath));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ApplyPositionalEmbedding(options));
    }
}
