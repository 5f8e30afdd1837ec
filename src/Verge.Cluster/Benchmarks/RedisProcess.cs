using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Verge.Core.Errors;

namespace Verge.Cluster.Benchmarks;

/// <summary>A real Debian redis-server on a free loopback port, without persistence, stopped by its PID.</summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private readonly Process process;

    private RedisProcess(Process process, int port) => (this.process, Port) = (process, port);

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public static async Task<RedisProcess> StartAsync(CancellationToken ct)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
            info.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InputException("redis-server did not start; check the Debian package redis-server (scripts/setup)");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InputException("redis-server is not installed; run scripts/setup (Debian package redis-server)");
        }
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisProcess(process, port);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, ct);
                return server;
            }
            catch (SocketException) when (attempt < 300 && !process.HasExited)
            {
                await Task.Delay(100, ct);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>A loopback port nobody listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
            process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
