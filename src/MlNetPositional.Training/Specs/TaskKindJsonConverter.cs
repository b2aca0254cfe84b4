using MlNetPositional.Contract;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Training.Specs;

/// <summary>Writes <see cref="TaskKind"/> as its kebab-case name and reads it back.</summary>
internal sealed class TaskKindJsonConverter() : EnumNameJsonConverter<TaskKind>(TaskKindNames.Table);
