using System.Diagnostics;
using Grpc.Net.Client;
using Verge.Core.Errors;

namespace Verge.Cluster.Benchmarks;

/// <summary>`verge serve --cluster` as a real child process, started by the caller's launcher and killed by its PID.</summary>
public sealed class EdgeServerProcess : IDisposable
{
    private const string Banner = "verge serve: clustered edge listening on ";
    private readonly Process process;
    private bool reaped;

    private EdgeServerProcess(Process process, string url, string name)
    {
        this.process = process;
        (Url, Name) = (url, name);
        Channel = GrpcChannel.ForAddress(url);
    }

    public string Url { get; }

    /// <summary>The silo's name (what the reply header <c>verge-silo</c> says).</summary>
    public string Name { get; }

    public GrpcChannel Channel { get; }

    public bool Alive => !reaped;

    /// <param name="launch">Makes the start info for `verge ARGS` (the CLI knows how it was started).</param>
    public static async Task<EdgeServerProcess> StartAsync(Func<IReadOnlyList<string>, ProcessStartInfo> launch, string redis, CancellationToken ct)
    {
        var siloPort = RedisProcess.FreePort();
        var start = launch(["serve", "--cluster", redis, "--listen", "http://127.0.0.1:0", "--count-computations",
            "--silo-port", siloPort.ToString(), "--gateway-port", RedisProcess.FreePort().ToString()]);
        (start.RedirectStandardOutput, start.RedirectStandardError, start.UseShellExecute) = (true, true, false);
        var process = Process.Start(start) ?? throw new InputException("could not start verge serve --cluster");
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        // A guard for a loaded host (Orleans joins the cluster before the banner), not a measurement.
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(ct);
        guard.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            var line = await process.StandardOutput.ReadLineAsync(guard.Token);
            if (line is null || !line.StartsWith(Banner, StringComparison.Ordinal))
                throw new InputException($"verge serve --cluster did not start: {line ?? stderr.ToString().Trim()}");
            // Drain the rest so the child never blocks on a full pipe.
            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            return new EdgeServerProcess(process, line[Banner.Length..].Split(' ')[0], $"edge-{siloPort}");
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

    public void Dispose()
    {
        Kill();
        Channel.Dispose();
    }

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
