using Microsoft.ML;
using static MlNetPositional.MLNet.Tests.TestViews;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// Fitting reads the model file once: one read gives the metadata, the parsed graph and the ONNX
/// Runtime session (an earlier Fit read the metadata, then the whole file again). Counted at the file
/// itself (<see cref="CountedModelFile"/>), so no way of reading it is missed.
/// </summary>
[TestClass]
public sealed class ModelFileReadsTests
{
    [TestMethod]
    public void Fit_ReadsTheModelFileOnce()
    {
        using var file = CountedModelFile.Of(TestModels.Order);
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new TextRow { Tokens = ["t2", "t5", "t3"] }, new TextRow { Tokens = ["t3", "t2"] } });

        using var transformer = ml.Transforms.ApplyPositionalEmbedding("Features", "Tokens", file.Path).Fit(data);

        Assert.AreEqual(1, file.Opens, "model file reads during Fit");
        var output = Column(transformer.Transform(data));
        Assert.AreEqual(2, output.Count);
        Assert.AreEqual(1, file.Opens, "model file reads after scoring");
    }
}
