using System.Text.Json;
using Microsoft.ML;
using static MlNetPositional.MLNet.Tests.TestViews;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// A batched load leaves no file behind, failed or not. Stock ML.NET's OnnxTransformer spills each
/// saved graph to a world-readable file in the temp folder and deletes it only when disposed
/// (dotnet/machinelearning#5342), so a load that fails after ML.NET loaded the file, or one that
/// drops the stock transform it replaces without disposing it, leaves a copy of the model there.
/// The load runs in a process of its own whose TMPDIR is an empty folder, so everything is seen.
/// </summary>
[TestClass]
public sealed class BatchedLoadTempFilesTests
{
    [TestMethod]
    [DataRow("saved without input schema", null)]
    [DataRow("saved with its input schema", null)]
    [DataRow("record of a newer version", "MlNetPositional.Contract.InvalidOnnxModelException")]
    public void BatchedLoadInAProcessOfItsOwn_LeavesItsTempFolderEmpty_FailedOrNot(string form, string? expectedError)
    {
        var ml = new MLContext(seed: 1);
        var sentences = TokenSentences.WithUnknownAndOverLong;
        var data = ml.Data.LoadFromEnumerable(sentences.Select(s => new TextRow { Tokens = s }));
        using var fitted = ml.Transforms.ApplyPositionalEmbedding(new PositionalEmbeddingOptions
        {
            OutputColumnName = "Features", InputColumnName = "Tokens", ModelPath = TestModels.Order, OverLength = PositionalOverLength.Truncate,
        }).Fit(data);
        var folder = Directory.CreateTempSubdirectory("batched-temp-").FullName;
        var temp = Directory.CreateDirectory(Path.Combine(folder, "tmp")).FullName;
        var path = SavedPipelines.Save(ml, fitted, form == "saved without input schema" ? null : data.Schema);
        if (form == "record of a newer version")
        {
            path = SavedPipelines.WithRecordVersion9(path);
        }

        File.WriteAllText(Path.Combine(folder, "rows.json"), JsonSerializer.Serialize(sentences));

        // Two processes-wide files that no load makes are kept out: the .NET runtime's diagnostic
        // sockets, and ONNX Runtime 1.31's telemetry session file ".ses" (a time and an id, 51 bytes,
        // written by any use of ONNX Runtime, stock ML.NET's included).
        var stdout = TestModels.RunDotnet("BatchedLoader", [path, Path.Combine(folder, "rows.json")],
            new Dictionary<string, string?> { ["TMPDIR"] = temp, ["DOTNET_EnableDiagnostics"] = "0", ["ORT_DISABLE_TELEMETRY"] = "1" });

        using var json = JsonDocument.Parse(stdout);
        var error = json.RootElement.GetProperty("error");
        Assert.AreEqual(expectedError, error.ValueKind == JsonValueKind.Null ? null : error.GetProperty("Type").GetString(), stdout);
        Assert.AreEqual(0, json.RootElement.GetProperty("tempEntries").GetArrayLength(), $"left in TMPDIR: {json.RootElement.GetProperty("tempEntries")}");
        Assert.AreEqual(0, Directory.EnumerateFileSystemEntries(temp).Count(), "the folder itself agrees");
        if (expectedError is null)
        {
            var expected = Column(fitted.Transform(data));
            var actual = json.RootElement.GetProperty("transform").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToList();
            Assert.HasCount(expected.Count, actual);
            for (var r = 0; r < expected.Count; r++)
            {
                AssertClose(expected[r], actual[r], $"row {r}");
            }
        }
    }
}
