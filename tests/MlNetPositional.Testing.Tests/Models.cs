using System.Reflection;
using Google.Protobuf;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Testing.Tests;

/// <summary>A good model (the build's onnx/order.onnx) and bad ones made from it or trained by the CLI in its own process.</summary>
internal static class Models
{
    private static readonly Dictionary<string, string> Metadata =
        typeof(Models).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value!);

    private static readonly Lazy<string> NoPositions = new(() => Train("none", "--positional", "none", "--seed", "1"));
    private static readonly Lazy<string> Retrained = new(() => Train("retrained", "--positional", "learned", "--seed", "2"));

    /// <summary>The order model the build exports from onnx/order.json (vocabulary 16, max length 16, dim 32).</summary>
    public static string Order => Path.Combine(Metadata["RepositoryRoot"], "onnx", "order.onnx");

    /// <summary>An order-task model without positions (kind none, one layer).</summary>
    public static string WithoutPositions => NoPositions.Value;

    /// <summary>The order model's settings with another seed.</summary>
    public static string RetrainedOrder => Retrained.Value;

    public static string NewFolder(string name) => Directory.CreateTempSubdirectory($"testing-{name}-").FullName;

    /// <summary>The first half of the order model's bytes.</summary>
    public static string Truncated()
    {
        var bytes = File.ReadAllBytes(Order);
        var path = Path.Combine(NewFolder("truncated"), "order.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        return path;
    }

    /// <summary>The order model with one NaN in its token table.</summary>
    public static string WithNaN()
    {
        var model = OnnxModelFile.Read(Order);
        var table = model.Graph.Initializer.Single(i => i.Name == ModelContract.TokenTable);
        var raw = table.RawData.ToByteArray();
        BitConverter.GetBytes(float.NaN).CopyTo(raw, 4 * 40);
        table.RawData = ByteString.CopyFrom(raw);
        var path = Path.Combine(NewFolder("nan"), "order.onnx");
        OnnxModelFile.Write(path, model);
        return path;
    }

    private static string Train(string name, params string[] arguments)
    {
        var folder = NewFolder(name);
        var model = Path.Combine(folder, "model.onnx");
        // onnx/order.json's model, trained briefly: same vocabulary and sizes as the good model.
        Cli(["train", "--spec", Path.Combine(Metadata["RepositoryRoot"], "onnx", "order.json"), "--steps", "60", .. arguments, "--out", Path.Combine(folder, "run")]);
        Cli(["export", "--checkpoint", Path.Combine(folder, "run"), "--out", model]);
        return model;
    }

    private static void Cli(string[] arguments)
    {
        var (code, stdout, stderr) = ProcessRunner.Run("dotnet", [Metadata["MlNetPositionalCli"], .. arguments], TimeSpan.FromMinutes(5));
        Assert.AreEqual(0, code, $"{string.Join(' ', arguments)}: {stderr}{stdout}");
    }
}
