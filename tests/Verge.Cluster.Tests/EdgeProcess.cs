using Verge.Cluster.Benchmarks;
using System.Diagnostics;

namespace Verge.Cluster.Tests;

/// <summary>`verge serve --cluster` as a real child process (verge.dll sits next to the tests); killed by its PID.</summary>
internal sealed class EdgeProcess : IDisposable
{
    private readonly Process process;
    private bool reaped;

    private EdgeProcess(Process process, string url)
    {
        this.process = process;
        Url = url;
    }

    public string Url { get; }

    public static async Task<EdgeProcess> StartAsync(string redis, string name)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] args = [Path.Combine(AppContext.BaseDirectory, "verge.dll"), "serve", "--cluster", redis, "--listen", "http://127.0.0.1:0",
            "--silo-port", RedisProcess.FreePort().ToString(), "--gateway-port", RedisProcess.FreePort().ToString(), "--count-computations"];
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        // A startup guard for a loaded host, not a timing assertion.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            var line = await process.StandardOutput.ReadLineAsync(guard.Token);
            const string prefix = "verge serve: clustered edge listening on ";
            Assert.StartsWith(prefix, line);
            var url = line![prefix.Length..].Split(' ')[0];
            return new EdgeProcess(process, url);
        }
        catch
        {
            Reap(process);
            throw;
        }
    }

    /// <summary>Kills the edge server outright (no graceful leave): the cluster must notice by itself.</summary>
    public void Kill()
    {
        if (reaped) return;
        reaped = true;
        Reap(process);
    }

    public void Dispose() => Kill();

    private static void Reap(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process.Dispose();
    }
}
