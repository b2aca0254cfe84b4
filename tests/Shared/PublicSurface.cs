using System.Reflection;

namespace MlNetPositional.Tests.Shared;

/// <summary>
/// The public surface of an assembly, for the surface tests each test project pins (one per shipped
/// assembly): what a user can reach, and so what a change of it breaks. Shared as a linked source file.
/// </summary>
internal static class PublicSurface
{
    /// <summary>The full names of the types <paramref name="assembly"/> exports, nested ones included, in ordinal order.</summary>
    public static string[] Of(Assembly assembly) =>
        [.. assembly.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal)];

    /// <summary>The assemblies <paramref name="assembly"/> lets see its internals (InternalsVisibleTo), in ordinal order.</summary>
    public static string[] FriendsOf(Assembly assembly) =>
        [.. assembly.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>().Select(a => a.AssemblyName).Order(StringComparer.Ordinal)];
}
