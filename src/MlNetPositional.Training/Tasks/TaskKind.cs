using MlNetPositional.Contract;

namespace MlNetPositional.Training.Tasks;

/// <summary>The built-in dummy tasks. Each depends on positions, so an order-blind model stays at chance.</summary>
public enum TaskKind
{
    /// <summary>Output token i is input token L-1-i; scored per token.</summary>
    Reverse,

    /// <summary>The label is the token at a fixed position k.</summary>
    TokenAt,

    /// <summary>Binary: does token A occur before token B? Both occur exactly once.</summary>
    Order,

    /// <summary>Per token: is it the token k positions earlier? Relative offsets only.</summary>
    MatchBack,
}

/// <summary>Names of <see cref="TaskKind"/> as used on the command line and in specs.</summary>
public static class TaskKindNames
{
    /// <summary>The name table.</summary>
    public static EnumNames<TaskKind> Table { get; } = new(
        "task",
        (TaskKind.Reverse, "reverse"),
        (TaskKind.TokenAt, "token-at"),
        (TaskKind.Order, "order"),
        (TaskKind.MatchBack, "match-back"));

    /// <summary>Every accepted name.</summary>
    public static IReadOnlyList<string> All => Table.All;

    /// <summary>The kebab-case name of a task.</summary>
    public static string ToName(this TaskKind kind) => Table.ToName(kind);

    /// <summary>Parses a name (case-insensitive); throws <see cref="FormatException"/> naming the accepted values.</summary>
    public static TaskKind Parse(string name) => Table.Parse(name);
}
