// Compiled twice: by MSBuild's RoslynCodeTaskFactory as the build task (see
// MlNetPositional.Training.targets) and by the test project, which checks the ELF logic directly.
// The task factory compiles against netstandard2.0, so this file sticks to that API.
#nullable enable
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace MlNetPositional.Build;

/// <summary>
/// Makes TorchSharp's native glue library load on systems whose libstdc++ predates GCC 13.
/// libLibTorchSharp.so asks for GLIBCXX_3.4.32 only for <c>std::ios_base_library_init</c>, a symbol
/// it never relocates; marking that one version need weak lets the dynamic loader accept an older
/// libstdc++. Runs only where the system library lacks the version, writes a new file and renames it
/// over the old one (the output file may be a hard link into the NuGet cache, which must stay
/// untouched), and fails with a clear message when the file is not the ELF it expects.
/// </summary>
public sealed class WeakenGlibcxxVersionNeed : Microsoft.Build.Utilities.Task
{
    /// <summary>The copy of libLibTorchSharp.so in the build output.</summary>
    [Required]
    public string LibraryPath { get; set; } = "";

    /// <summary>The version need to weaken, e.g. GLIBCXX_3.4.32.</summary>
    [Required]
    public string VersionName { get; set; } = "";

    /// <summary>Candidate paths of the system libstdc++.so.6, in order of preference.</summary>
    public string[] SystemLibraryCandidates { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    public override bool Execute()
    {
        try
        {
            var system = ElfVersionNeeds.FindSystemLibrary(SystemLibraryCandidates);
            if (system != null && ElfVersionNeeds.LibraryDefinesVersion(system, VersionName))
            {
                Log.LogMessage(MessageImportance.Low, $"{system} defines {VersionName}; {LibraryPath} is left as shipped.");
                return true;
            }

            var outcome = ElfVersionNeeds.MarkWeak(LibraryPath, VersionName);
            Log.LogMessage(MessageImportance.Normal, $"{LibraryPath}: {VersionName} version need {outcome}.");
            return true;
        }
        catch (InvalidDataException e)
        {
            Log.LogError($"Cannot patch TorchSharp's native library for this system's libstdc++: {e.Message}");
            return false;
        }
    }
}

/// <summary>Outcome of <see cref="ElfVersionNeeds.MarkWeak"/>.</summary>
public enum WeakenOutcome
{
    /// <summary>The flag was set and the file rewritten.</summary>
    MarkedWeak,

    /// <summary>The flag was already set; the file was not touched.</summary>
    AlreadyWeak,
}

/// <summary>Reads and edits the version-need table (.gnu.version_r) of a 64-bit little-endian ELF file.</summary>
public static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>The first candidate path that exists, or null.</summary>
    public static string? FindSystemLibrary(string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>True when the library's bytes contain the version name as a NUL-terminated string.</summary>
    public static bool LibraryDefinesVersion(string libraryPath, string versionName)
    {
        var needle = Encoding.ASCII.GetBytes(versionName + "\0");
        var haystack = File.ReadAllBytes(libraryPath);
        for (var start = Array.IndexOf(haystack, needle[0]); start >= 0 && start <= haystack.Length - needle.Length; start = Array.IndexOf(haystack, needle[0], start + 1))
        {
            var match = true;
            for (var i = 1; i < needle.Length && match; i++)
            {
                match = haystack[start + i] == needle[i];
            }

            if (match)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The flags of the named version need, or null when the file does not need that version.</summary>
    public static ushort? ReadFlags(string path, string versionName)
    {
        var bytes = File.ReadAllBytes(path);
        var offset = FindVernauxEntry(bytes, path, versionName);
        return offset < 0 ? null : ReadU16(bytes, offset + 4);
    }

    /// <summary>
    /// Sets VER_FLG_WEAK on the named version need. Idempotent. Writes a sibling temp file and
    /// renames it over <paramref name="path"/>, so a hard-linked original is never modified.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a 64-bit little-endian ELF with that version need.</exception>
    public static WeakenOutcome MarkWeak(string path, string versionName)
    {
        var bytes = File.ReadAllBytes(path);
        var offset = FindVernauxEntry(bytes, path, versionName);
        if (offset < 0)
        {
            throw new InvalidDataException($"{path} has no version need named {versionName}; TorchSharp's native library is not the one this patch was written for.");
        }

        var flags = ReadU16(bytes, offset + 4);
        if ((flags & VerFlagWeak) != 0)
        {
            return WeakenOutcome.AlreadyWeak;
        }

        WriteU16(bytes, offset + 4, (ushort)(flags | VerFlagWeak));
        var temp = path + ".patch.tmp";
        File.WriteAllBytes(temp, bytes);
        File.Replace(temp, path, destinationBackupFileName: null); // rename(2): a new inode, never an in-place edit
        return WeakenOutcome.MarkedWeak;
    }

    /// <summary>Byte offset of the Vernaux entry for the version, or -1 when there is none.</summary>
    private static int FindVernauxEntry(byte[] elf, string path, string versionName)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException($"{path} is not an ELF file.");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException($"{path} is not a 64-bit little-endian ELF file (class {elf[4]}, data {elf[5]}).");
        }

        var sectionTable = checked((int)ReadU64(elf, 0x28));
        var sectionSize = ReadU16(elf, 0x3a);
        var sectionCount = ReadU16(elf, 0x3c);
        Require(sectionSize == 64 && sectionTable + (sectionCount * 64) <= elf.Length, path, "section header table out of bounds");

        for (var i = 0; i < sectionCount; i++)
        {
            var header = sectionTable + (i * 64);
            if (ReadU32(elf, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            var tableStart = checked((int)ReadU64(elf, header + 24));
            var tableSize = checked((int)ReadU64(elf, header + 32));
            var entryCount = ReadU32(elf, header + 44);
            var stringsHeader = sectionTable + (checked((int)ReadU32(elf, header + 40)) * 64);
            Require(stringsHeader + 64 <= elf.Length && tableStart + tableSize <= elf.Length, path, ".gnu.version_r out of bounds");
            var strings = checked((int)ReadU64(elf, stringsHeader + 24));

            var need = tableStart;
            for (var n = 0; n < entryCount; n++)
            {
                Require(need + 16 <= tableStart + tableSize, path, "version need entry out of bounds");
                var auxCount = ReadU16(elf, need + 2);
                var aux = need + checked((int)ReadU32(elf, need + 8));
                for (var a = 0; a < auxCount; a++)
                {
                    Require(aux + 16 <= tableStart + tableSize, path, "version need auxiliary entry out of bounds");
                    if (ReadCString(elf, strings + checked((int)ReadU32(elf, aux + 8))) == versionName)
                    {
                        return aux;
                    }

                    aux += checked((int)ReadU32(elf, aux + 12));
                }

                need += checked((int)ReadU32(elf, need + 12));
            }

            return -1;
        }

        throw new InvalidDataException($"{path} has no .gnu.version_r section.");
    }

    private static void Require(bool condition, string path, string what)
    {
        if (!condition)
        {
            throw new InvalidDataException($"{path}: {what}.");
        }
    }

    private static string ReadCString(byte[] bytes, int offset)
    {
        var end = Array.IndexOf(bytes, (byte)0, offset);
        return Encoding.ASCII.GetString(bytes, offset, (end < 0 ? bytes.Length : end) - offset);
    }

    private static ushort ReadU16(byte[] b, int o) => (ushort)(b[o] | (b[o + 1] << 8));

    private static uint ReadU32(byte[] b, int o) => (uint)(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24));

    private static ulong ReadU64(byte[] b, int o) => ReadU32(b, o) | ((ulong)ReadU32(b, o + 4) << 32);

    private static void WriteU16(byte[] b, int o, ushort value)
    {
        b[o] = (byte)value;
        b[o + 1] = (byte)(value >> 8);
    }
}
