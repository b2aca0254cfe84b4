using System.Runtime.InteropServices;

namespace MlNetPositional.Training.Determinism;

/// <summary>
/// libtorch's CPU build links MKL, whose "dynamic" mode may use fewer threads than asked when the
/// machine is busy; a different thread count splits reductions differently and changes the last bits
/// of the weights. Turning it off keeps a seeded run, and a resumed one, bitwise reproducible under load.
/// </summary>
internal static partial class NativeDeterminism
{
    private static int _applied;

    /// <summary>Disables MKL's dynamic thread adjustment once per process (no-op where MKL is absent).</summary>
    public static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1)
        {
            return;
        }

        try
        {
            MklSetDynamic(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A libtorch without MKL (e.g. on macOS arm64) has nothing to turn off.
        }
    }

    // MKL_Set_Dynamic takes the flag by value; the lower-case aliases are the Fortran entry (by pointer).
    [LibraryImport("libtorch_cpu", EntryPoint = "MKL_Set_Dynamic")]
    private static partial void MklSetDynamic(int flag);
}
