namespace MlNetPositional.Contract;

/// <summary>Writes <see cref="PositionalKind"/> as its kebab-case name and reads it back.</summary>
public sealed class PositionalKindJsonConverter() : EnumNameJsonConverter<PositionalKind>(PositionalKindNames.Table);
