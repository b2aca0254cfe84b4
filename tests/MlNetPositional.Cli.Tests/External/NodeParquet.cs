using System.Text.Json;
using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Cli.Tests.External;

/// <summary>
/// A Parquet reader outside .NET: hyparquet (npm, pure JavaScript), installed on first use into the
/// test output folder, runs External/node-parquet/read-parquet.mjs.
/// </summary>
internal static class NodeParquet
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "External", "node-parquet");

    /// <summary>The file's schema elements, metadata and rows as hyparquet reads them.</summary>
    public static JsonDocument Read(string path)
    {
        EnsureInstalled();
        var (code, stdout, stderr) = ProcessRunner.Run("node", ["read-parquet.mjs", path], TimeSpan.FromMinutes(10), Folder);
        Assert.AreEqual(0, code, $"node failed: {stderr}");
        return JsonDocument.Parse(stdout);
    }

    private static void EnsureInstalled()
    {
        if (Directory.Exists(Path.Combine(Folder, "node_modules", "hyparquet")))
        {
            return;
        }

        // No lock file: package.json pins the version (hyparquet has no dependencies).
        var (code, _, stderr) = ProcessRunner.Run("npm", ["install", "--no-package-lock", "--no-audit", "--no-fund", "--ignore-scripts"], TimeSpan.FromMinutes(5), Folder);
        Assert.AreEqual(0, code, $"npm install hyparquet failed: {stderr}");
    }
}
