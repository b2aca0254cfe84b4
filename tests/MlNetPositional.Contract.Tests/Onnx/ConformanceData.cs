namespace MlNetPositional.Contract.Tests.Onnx;

/// <summary>
/// Locates shared/onnx-conformance: next to the repository (the layout of developer machines and CI),
/// or where MLNET_POSITIONAL_CONFORMANCE points.
/// </summary>
internal static class ConformanceData
{
    public static string Folder { get; } = Locate();

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("MLNET_POSITIONAL_CONFORMANCE") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlNetPositional.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "onnx-conformance"));
            }
        }

        return Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "shared", "onnx-conformance"));
    }
}
