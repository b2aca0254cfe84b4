using Google.Protobuf;
using Microsoft.ML;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;
using MlNetPositional.Inference;

namespace MlNetPositional.MLNet.Tests;

/// <summary>Damaged or lying model files are refused with a message that names the cause, before ONNX Runtime runs them.</summary>
[TestClass]
public sealed class ModelFileRobustnessTests
{
    [TestMethod]
    [DataRow("dim", "32", "16", "the metadata says vocab_size = 12 and dim = 16, but the graph's 'embedding.tokens' table is [12, 32]")]
    [DataRow("max_length", "8", "4", "the metadata says max_length = 4 and dim = 32, but the graph's 'embedding.positions' table is [8, 32]")]
    [DataRow("vocab_size", "12", "1099511627776", "vocab_size")]
    public void MetadataThatDisagreesWithTheGraph_IsRefused(string key, string from, string to, string expected)
    {
        var path = Mutate(model =>
        {
            var config = model.MetadataProps.Single(p => p.Key == ModelContract.Keys.Config);
            config.Value = config.Value.Replace($"\"{key}\": {from}", $"\"{key}\": {to}", StringComparison.Ordinal);
        });

        var error = Assert.ThrowsExactly<InvalidOnnxModelException>(() => PositionalEmbeddingModel.Load(path));

        StringAssert.Contains(error.Message, expected);
        StringAssert.Contains(error.Message, path);
    }

    [TestMethod]
    public void VocabularyLargerThanTheGraphsTokenTable_IsRefused()
    {
        var path = Mutate(model =>
        {
            var config = model.MetadataProps.Single(p => p.Key == ModelContract.Keys.Config);
            config.Value = config.Value.Replace("\"vocab_size\": 12", "\"vocab_size\": 13", StringComparison.Ordinal);
            var vocabulary = model.MetadataProps.Single(p => p.Key == ModelContract.Keys.Vocabulary);
            vocabulary.Value = vocabulary.Value.TrimEnd(']') + ",\"extra\"]";
        });

        var error = Assert.ThrowsExactly<InvalidOnnxModelException>(() => PositionalEmbeddingModel.Load(path));

        StringAssert.Contains(error.Message, "the metadata says vocab_size = 13 and dim = 32, but the graph's 'embedding.tokens' table is [12, 32]");
    }

    [TestMethod]
    public void NaNWeight_IsRefusedNamingTheWeight()
    {
        var path = Mutate(model =>
        {
            var table = model.Graph.Initializer.Single(t => t.Name == "embedding.tokens");
            var bytes = table.RawData.ToByteArray();
            BitConverter.GetBytes(float.NaN).CopyTo(bytes, 4 * 40);
            table.RawData = ByteString.CopyFrom(bytes);
        });

        var error = Assert.ThrowsExactly<InvalidOnnxModelException>(() => PositionalEmbeddingModel.Load(path));

        StringAssert.Contains(error.Message, "weight 'embedding.tokens' contains NaN or infinity");
    }

    [TestMethod]
    public void TruncatedAndRandomFiles_AreNotOnnxModels_ForTheEstimatorToo()
    {
        var bytes = File.ReadAllBytes(TestModels.Order);
        var truncated = Write(bytes[..(bytes.Length / 2)]);
        var random = Write([.. Enumerable.Range(0, 4096).Select(i => (byte)new Random(i).Next(256))]);
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Int64Row { Tokens = [2, 3] } });

        foreach (var path in new[] { truncated, random })
        {
            var error = Assert.ThrowsExactly<InvalidOnnxModelException>(() => PositionalEmbeddingModel.Load(path));
            StringAssert.Contains(error.Message, "not an ONNX model");
            Assert.ThrowsExactly<InvalidOnnxModelException>(() => ml.Transforms.ApplyPositionalEmbedding("F", "Tokens", path).Fit(data));
        }
    }

    [TestMethod]
    public void MissingFile_NamesIt()
    {
        var error = Assert.ThrowsExactly<InvalidOnnxModelException>(() => PositionalEmbeddingModel.Load("/no/such/model.onnx"));

        StringAssert.Contains(error.Message, "/no/such/model.onnx: the file does not exist");
    }

    private static string Mutate(Action<ModelProto> change)
    {
        var model = OnnxModelFile.Read(TestModels.Order);
        change(model);
        return Write(model.ToByteArray());
    }

    private static string Write(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"damaged-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
