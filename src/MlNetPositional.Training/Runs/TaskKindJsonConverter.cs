using MlNetPositional.Contract;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Training.Runs;

/// <summary>Writes <see cref="TaskKind"/> as its kebab-case name and reads it back.</summary>
public sealed class TaskKindJsonConverter() : EnumNameJsonConverter<TaskKind>(TaskKindNames.Table);
