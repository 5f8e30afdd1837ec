namespace Verge.Results;

/// <summary>
/// Where the repository lives: --db, else VERGE_DB (tests and ./test point it at a temporary file so they never
/// write the user's store), else $XDG_DATA_HOME/verge/results.db, else ~/.local/share/verge/results.db.
/// </summary>
public static class ResultsLocation
{
    public const string Variable = "VERGE_DB";

    public static string Resolve(string? given)
    {
        if (given is { Length: > 0 }) return Path.GetFullPath(given);
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } env) return Path.GetFullPath(env);
        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "verge", "results.db");
    }
}
