using System.Text.Json;

namespace MlNetPositional.Contract;

/// <summary>The one set of JSON options for everything the contract serialises.</summary>
public static class ContractJson
{
    /// <summary>Indented, strict about unknown members, so a misspelt key in a spec is an error.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };
}
