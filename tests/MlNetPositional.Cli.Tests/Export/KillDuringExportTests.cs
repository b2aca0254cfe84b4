using System.Diagnostics;
using MlNetPositional.Contract.Onnx;

namespace MlNetPositional.Cli.Tests.Export;

/// <summary>SIGKILL at many moments of an export and of the build step: the model is always the old one or a complete new one.</summary>
[TestClass]
public sealed class KillDuringExportTests
{
    [TestMethod]
    [TestCategory("Long")]
    public void Export_KilledAtAnyMoment_LeavesTheOldModelOrACompleteNewOne()
    {
        var folder = Directory.CreateDirectory(CliRunner.NewDirectory("kill-export")).FullName;
        var model = Path.Combine(folder, "model.onnx");
        File.Copy(ExportedModelFixture.Model, model); // the "old" model: opset 17
        var old = File.ReadAllBytes(model);
        string[] export = ["export", "--checkpoint", ExportedModelFixture.Run, "--out", model, "--opset", "21"];

        var clock = Stopwatch.StartNew();
        Run(export, killAfter: null);
        var duration = clock.Elapsed;
        File.WriteAllBytes(model, old);

        var outcomes = new List<string>();
        for (var k = 1; k <= 12; k++)
        {
            var killed = Run(export, killAfter: duration * k / 12.0);
            var bytes = File.ReadAllBytes(model);
            if (bytes.AsSpan().SequenceEqual(old))
            {
                outcomes.Add("old");
                continue;
            }

            var written = OnnxModelFile.Parse(bytes, model);        // complete: parses...
            Assert.AreEqual(21, written.OpsetImport.Single().Version); // ...and is the new model
            OnnxModelFile.ReadMetadata(written, model);
            outcomes.Add(killed ? "new (killed after the rename)" : "new");
            File.WriteAllBytes(model, old);
        }

        Assert.IsTrue(outcomes.Contains("old"), string.Join(", ", outcomes));
    }

    /// <summary>Runs the CLI; kills it (SIGKILL) after <paramref name="killAfter"/> if still running. True when it was killed.</summary>
    private static bool Run(string[] arguments, TimeSpan? killAfter)
    {
        using var process = CliRunner.Start(arguments);
        if (killAfter is { } delay && !process.WaitForExit(delay))
        {
            process.Kill();
            process.WaitForExit();
            return true;
        }

        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, process.StandardError.ReadToEnd());
        return false;
    }
}
