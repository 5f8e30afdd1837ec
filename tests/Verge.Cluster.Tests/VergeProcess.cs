using System.Diagnostics;

namespace Verge.Cluster.Tests;

/// <summary>Runs `verge ARGS` (verge.dll sits next to the tests) as a real child process to its end.</summary>
internal static class VergeProcess
{
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "verge.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, stdout, await stderr);
    }

    /// <summary>A spec file in a fresh temporary folder.</summary>
    public static string Spec(string yaml)
    {
        var dir = Path.Combine(Path.GetTempPath(), "verge-moves-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "moves.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
