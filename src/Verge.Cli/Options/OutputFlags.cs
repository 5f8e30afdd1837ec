using System.CommandLine;
using Verge.Core.Files;

namespace Verge.Cli.Options;

/// <summary>
/// The flags that name where a command writes, in one place, checked before the command starts: an unwritable
/// --json or train --out used to fail only after minutes of training, a read-only fl server --checkpoint after
/// round 1. Files are written atomically at the end (<see cref="AtomicFile"/>); this only makes the failure early.
/// </summary>
public static class OutputFlags
{
    /// <summary>Flags naming a file ("command --flag" where the same flag means something else elsewhere).</summary>
    private static readonly HashSet<string> Files = new(StringComparer.Ordinal)
    {
        "--json", "--plot", "compress --out", "fl plot --out", "bench compress --doc",
    };

    /// <summary>Flags naming a folder the command writes into.</summary>
    private static readonly HashSet<string> Folders = new(StringComparer.Ordinal)
    {
        "train --out", "split --out", "cert --out", "demo --out", "bench compress --work", "fl server --checkpoint",
    };

    /// <summary>Throws the one-line input error for the first output flag of <paramref name="parsed"/> that cannot be written.</summary>
    public static void CheckWritable(ParseResult parsed)
    {
        var command = CommandPath(parsed);
        foreach (var option in parsed.CommandResult.Command.Options)
        {
            bool file = IsIn(Files, command, option), folder = IsIn(Folders, command, option);
            if (!file && !folder || parsed.GetResult(option) is null) continue;
            if (parsed.GetValue<string?>(option.Name) is not { Length: > 0 } path || path == "-") continue;
            var where = file ? Path.GetDirectoryName(Path.GetFullPath(path))! : path;
            AtomicFile.CheckWritableFolder(where, option.Name, create: false, fix: $"give {option.Name} a writable location", shown: path);
        }
    }

    private static bool IsIn(HashSet<string> set, string command, Option option) =>
        set.Contains($"{command} {option.Name}") || set.Contains(option.Name);

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var r = parsed.CommandResult; r?.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
            names.Insert(0, r.Command.Name);
        return string.Join(' ', names);
    }
}
