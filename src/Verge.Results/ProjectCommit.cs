using System.Diagnostics;

namespace Verge.Results;

/// <summary>The commit of the Verge checkout a result was measured with, so results of two commits can be compared.</summary>
public static class ProjectCommit
{
    private static readonly Lazy<string> Current = new(Read);

    /// <summary>`git rev-parse HEAD` of the checkout the program was built from (VERGE_COMMIT overrides), else "unknown".</summary>
    public static string Get() => Current.Value;

    private static string Read()
    {
        if (Environment.GetEnvironmentVariable("VERGE_COMMIT") is { Length: > 0 } given) return given;
        try
        {
            var start = new ProcessStartInfo("git", ["-C", AppContext.BaseDirectory, "rev-parse", "HEAD"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var git = Process.Start(start);
            if (git is null) return "unknown";
            var line = git.StandardOutput.ReadToEnd().Trim();
            git.StandardError.ReadToEnd();
            return git.WaitForExit(5000) && git.ExitCode == 0 && line.Length >= 7 ? line : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown"; // no git on this machine
        }
    }
}
