using System.Diagnostics;
using Verge.Core.Processes;

namespace Verge.Cluster.Benchmarks;

/// <summary>A real Debian redis-server on a free loopback port, without persistence, stopped by its PID.</summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private readonly LaunchedProcess process;

    private RedisProcess(LaunchedProcess process, int port) => (this.process, Port) = (process, port);

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public static async Task<RedisProcess> StartAsync(CancellationToken ct)
    {
        var port = LaunchedProcess.FreeLoopbackPort();
        var info = new ProcessStartInfo("redis-server");
        foreach (var arg in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
            info.ArgumentList.Add(arg);
        var process = LaunchedProcess.Start(info, "redis-server", "redis-server is not installed; run scripts/setup (Debian package redis-server)");
        try
        {
            // Redis logs to stdout and says so once it accepts clients (every version since 2.x); a guard for a loaded host.
            await process.WaitForReadyAsync("Ready to accept connections", TimeSpan.FromSeconds(60), ct);
            return new RedisProcess(process, port);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}
