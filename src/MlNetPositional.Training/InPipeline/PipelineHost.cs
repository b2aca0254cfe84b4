using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MlNetPositional.Training.InPipeline;

/// <summary>
/// The MLContext behind a catalog, as ML.NET's own components see it: its environment, for logging
/// through a channel (what <c>mlContext.Log</c> receives), and its cancellation flag (set by
/// <c>MLContext.CancelExecution()</c>). ML.NET exposes both only to its own assemblies
/// (<c>IInternalCatalog.Environment</c>, <c>ICancelable.IsCanceled</c>), so they are read by
/// reflection; if a future ML.NET moves them, logging goes nowhere and only the options' token cancels,
/// and the tests that pin this behaviour fail.
/// </summary>
internal sealed class PipelineHost
{
    private readonly Func<bool> _isCanceled;

    private PipelineHost(IHost host, Func<bool> isCanceled) => (Host, _isCanceled) = (host, isCanceled);

    /// <summary>This component's host in the catalog's environment.</summary>
    public IHost Host { get; }

    /// <summary>True once the MLContext's execution was cancelled.</summary>
    public bool IsCanceled => _isCanceled();

    /// <summary>A host named <paramref name="name"/> in the environment of <paramref name="catalog"/>.</summary>
    public static PipelineHost For(TransformsCatalog catalog, string name)
    {
        var environment = InterfaceProperty(catalog, "Microsoft.ML.Data.IInternalCatalog", "Environment")?.GetValue(catalog) as IHostEnvironment
            ?? new MLContext(seed: 0);
        var host = environment.Register(name);
        // Cancelling the environment cancels every host registered in it.
        var flag = InterfaceProperty(host, "Microsoft.ML.Runtime.ICancelable", "IsCanceled");
        return new PipelineHost(host, flag is null ? () => false : () => flag.GetValue(host) is true);
    }

    private static PropertyInfo? InterfaceProperty(object target, string interfaceName, string property) =>
        target.GetType().GetInterfaces().FirstOrDefault(i => i.FullName == interfaceName)?.GetProperty(property);
}
