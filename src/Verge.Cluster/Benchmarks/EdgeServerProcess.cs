using System.Diagnostics;
using Grpc.Net.Client;
using Verge.Core.Processes;

namespace Verge.Cluster.Benchmarks;

/// <summary>`verge serve --cluster` as a real child process, started by the caller's launcher and killed by its PID.</summary>
public sealed class EdgeServerProcess : IDisposable
{
    private const string Banner = "verge serve: clustered edge listening on ";
    private readonly LaunchedProcess process;
    private bool reaped;

    private EdgeServerProcess(LaunchedProcess process, string url, string name)
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
        var siloPort = LaunchedProcess.FreeLoopbackPort();
        var start = launch(["serve", "--cluster", redis, "--listen", "http://127.0.0.1:0", "--count-computations",
            "--silo-port", siloPort.ToString(), "--gateway-port", LaunchedProcess.FreeLoopbackPort().ToString()]);
        var process = LaunchedProcess.Start(start, "verge serve --cluster");
        try
        {
            // A guard for a loaded host (Orleans joins the cluster before the banner), not a measurement.
            var rest = await process.WaitForReadyAsync(Banner, TimeSpan.FromMinutes(3), ct);
            return new EdgeServerProcess(process, rest.Split(' ')[0], $"edge-{siloPort}");
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>Kills the edge server outright (no graceful leave): the cluster must notice by itself.</summary>
    public void Kill()
    {
        if (reaped) return;
        reaped = true;
        process.Dispose();
    }

    public void Dispose()
    {
        Kill();
        Channel.Dispose();
    }
}
