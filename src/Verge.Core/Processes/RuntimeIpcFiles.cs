namespace Verge.Core.Processes;

/// <summary>
/// The files a running .NET process keeps in the temp folder: its diagnostics socket and its two debugger pipes
/// (dotnet-diagnostic-PID-KEY-socket, clr-debug-pipe-PID-KEY-in/-out, KEY being the process's start time from
/// /proc/PID/stat). The runtime removes them when the process exits, not when it is killed, so whoever kills a .NET
/// child removes them after it: taken with <see cref="Of"/> while the child lives, removed with <see cref="Remove"/>
/// once it is gone. Exact names, so nothing of another process is touched; none on systems without /proc.
/// </summary>
public sealed class RuntimeIpcFiles
{
    private readonly string[] _paths;

    private RuntimeIpcFiles(string[] paths) => _paths = paths;

    /// <summary>The full paths: the socket, then the two pipes; empty when the process could not be read.</summary>
    public IReadOnlyList<string> Paths => _paths;

    /// <summary>The names process <paramref name="pid"/> uses; none when it has already gone or there is no /proc.</summary>
    public static RuntimeIpcFiles Of(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new([]);
        }
        // After the command name in parentheses (which may hold spaces) come fields 3, 4, …; the start time is field 22.
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20 || !ulong.TryParse(fields[19], out var start)) return new([]);
        var temp = Path.GetTempPath();
        return new([.. new[] { $"dotnet-diagnostic-{pid}-{start}-socket", $"clr-debug-pipe-{pid}-{start}-in", $"clr-debug-pipe-{pid}-{start}-out" }
            .Select(name => Path.Combine(temp, name))]);
    }

    /// <summary>Removes the files; call it only once the process has exited.</summary>
    public void Remove()
    {
        foreach (var path in _paths)
        {
            try { File.Delete(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }
}
