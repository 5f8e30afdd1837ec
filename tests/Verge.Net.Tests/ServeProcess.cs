using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Verge.Net.Tests;

/// <summary>`verge serve` as a real child process (verge.dll sits next to the tests); killed and reaped on dispose.</summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private bool _reaped;

    private ServeProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public static Process Launch(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "verge.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    /// <summary>Starts a node and waits for its "listening on" line (a startup guard, not a timing assertion).</summary>
    public static async Task<ServeProcess> StartAsync(string role, int port)
    {
        var process = Launch("serve", "--role", role, "--listen", $"http://127.0.0.1:{port}");
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var line = await process.StandardOutput.ReadLineAsync(guard.Token);
            Assert.Equal($"verge serve: {role} listening on http://127.0.0.1:{port}", line);
            return new ServeProcess(process, $"http://127.0.0.1:{port}");
        }
        catch
        {
            Reap(process);
            throw;
        }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Kill()
    {
        if (_reaped) return;
        _reaped = true;
        Reap(_process);
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
