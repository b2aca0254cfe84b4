using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Cli.Tests.Build;

/// <summary>The MSBuild model export step, imported into a scratch project the way a user would.</summary>
[TestClass]
public sealed class ModelExportTargetTests
{
    private const string GoodSpec = """{ "model": { "vocab_size": 12, "max_length": 6, "dim": 8, "layers": 1, "heads": 2 }, "training": { "task": "order", "steps": 20, "batch_size": 16, "eval_every": 10 } }""";

    [TestMethod]
    public void Build_ExportsEachSpec_SecondBuildSkips_ChangedSpecRebuilds()
    {
        var project = ScratchProject(("tiny.json", GoodSpec));
        var model = Path.Combine(project.Folder, "specs", "tiny.onnx");

        var first = MsBuild(project.File);
        Assert.AreEqual(0, first.Code, first.Output);
        Assert.IsTrue(File.Exists(model), first.Output);
        var written = File.GetLastWriteTimeUtc(model);

        var second = MsBuild(project.File);
        Assert.AreEqual(0, second.Code, second.Output);
        StringAssert.Contains(second.Output, "Skipping target \"ExportPositionalModels\" because all output files are up-to-date");
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(model), "nothing retrained");

        File.SetLastWriteTimeUtc(Path.Combine(project.Folder, "specs", "tiny.json"), DateTime.UtcNow.AddSeconds(5));
        var third = MsBuild(project.File);
        Assert.AreEqual(0, third.Code, third.Output);
        Assert.AreNotEqual(written, File.GetLastWriteTimeUtc(model), "a newer spec is rebuilt");
    }

    [TestMethod]
    [TestCategory("Long")]
    public void Build_KilledDuringTheExportStep_NextBuildRecovers()
    {
        var project = ScratchProject(("tiny.json", GoodSpec.Replace("\"steps\": 20", "\"steps\": 400", StringComparison.Ordinal)));
        var model = Path.Combine(project.Folder, "specs", "tiny.onnx");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = project.Folder };
        foreach (var argument in new[] { "msbuild", project.File, "-t:ExportPositionalModels", "-nologo" })
        {
            start.ArgumentList.Add(argument);
        }

        using (var build = System.Diagnostics.Process.Start(start)!)
        {
            var run = Path.Combine(project.Folder, "specs", "tiny.run", "train-log.csv");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!File.Exists(run) && !build.HasExited && clock.Elapsed < TimeSpan.FromMinutes(10))
            {
                Thread.Sleep(20);
            }

            Assert.IsFalse(build.HasExited, "the build finished before it could be killed");
            build.Kill(entireProcessTree: true); // SIGKILL to msbuild and the training it started
            build.WaitForExit();
        }

        Assert.IsFalse(File.Exists(model), "no model, and above all no partial one");
        var next = MsBuild(project.File);
        Assert.AreEqual(0, next.Code, next.Output);
        MlNetPositional.Contract.Onnx.OnnxModelFile.ReadMetadata(MlNetPositional.Contract.Onnx.OnnxModelFile.Read(model), model);
    }

    [TestMethod]
    public void Build_SkipModelExport_DoesNothing()
    {
        var project = ScratchProject(("tiny.json", GoodSpec));

        var result = MsBuild(project.File, "-p:SkipModelExport=true");

        Assert.AreEqual(0, result.Code, result.Output);
        Assert.IsFalse(File.Exists(Path.Combine(project.Folder, "specs", "tiny.onnx")));
    }

    [TestMethod]
    public void Build_BadSpec_FailsNamingSpecAndReason_WritesNothing()
    {
        var project = ScratchProject(("broken.json", """{ "model": { "dim": 30, "heads": 4, "layers": 1 } }"""));

        var result = MsBuild(project.File);

        Assert.AreNotEqual(0, result.Code);
        StringAssert.Contains(result.Output, "Model export failed for spec broken");
        StringAssert.Contains(result.Output, "dim (30) must be divisible by heads (4)");
        Assert.AreEqual(0, Directory.GetFiles(Path.Combine(project.Folder, "specs"), "*.onnx").Length);
    }

    private static (string Folder, string File) ScratchProject(params (string Name, string Json)[] specs)
    {
        var folder = CliRunner.NewDirectory("msbuild");
        Directory.CreateDirectory(Path.Combine(folder, "specs"));
        foreach (var (name, json) in specs)
        {
            File.WriteAllText(Path.Combine(folder, "specs", name), json);
        }

        var file = Path.Combine(folder, "models.proj");
        File.WriteAllText(file, $"""
            <Project>
              <PropertyGroup>
                <MlNetPositionalCliPath>{Path.Combine(AppContext.BaseDirectory, "mlnet-positional.dll")}</MlNetPositionalCliPath>
              </PropertyGroup>
              <ItemGroup>
                <MlNetPositionalModelSpec Include="specs/*.json" />
              </ItemGroup>
              <Import Project="{TargetsFile()}" />
            </Project>
            """);
        return (folder, file);
    }

    private static string TargetsFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "MlNetPositional.Build", "build", "MlNetPositional.ModelExport.targets");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("MlNetPositional.ModelExport.targets not found above the test output.");
    }

    private static (int Code, string Output) MsBuild(string project, params string[] extra)
    {
        var (code, stdout, stderr) = ProcessRunner.Run("dotnet", ["msbuild", project, "-t:ExportPositionalModels", "-v:n", "-nologo", .. extra],
            TimeSpan.FromMinutes(10), Path.GetDirectoryName(project));
        return (code, stdout + stderr);
    }
}
