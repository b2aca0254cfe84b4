namespace MlNetPositional;

/// <summary>What to do with a sequence longer than the model's position table.</summary>
public enum PositionalOverLength
{
    /// <summary>Keep the first max-length tokens.</summary>
    Truncate,

    /// <summary>Throw, naming the row and both lengths.</summary>
    Error,
}
