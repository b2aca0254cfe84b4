namespace MlNetPositional.Training.PyTorch;

/// <summary>
/// Makes an error message fit the one-line contract of docs/robustness.md. libtorch appends its C++
/// backtrace to the messages TorchSharp raises ("Exception raised from check_size_nonnegative at
/// ... frame #0: ..."): useful to a libtorch developer, noise to a user whose file is bad, and it
/// stays available in the inner exception.
/// </summary>
internal static class NativeErrorText
{
    /// <summary><paramref name="message"/> without a native backtrace, its lines joined by spaces.</summary>
    public static string OneLine(string message)
    {
        var text = message;
        foreach (var traceStart in (ReadOnlySpan<string>)["Exception raised from ", "frame #0"])
        {
            var at = text.IndexOf(traceStart, StringComparison.Ordinal);
            if (at >= 0)
            {
                text = text[..at];
            }
        }

        return string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd();
    }
}
