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

    /// <summary>The child's process id (its memory is read from /proc).</summary>
    public int Pid => _process.Id;

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

    /// <summary>
    /// Starts a node and waits for its "listening on" line (a startup guard, not a timing assertion). By default the
    /// child binds port 0 itself and the test reads the port it got from that line, so no other process can take the
    /// port between choosing and binding it; pass a port only to bring a node back at an address it had before.
    /// </summary>
    public static async Task<ServeProcess> StartAsync(string role, int port = 0, params string[] extra)
    {
        var process = Launch(["serve", "--role", role, "--listen", $"http://127.0.0.1:{port}", .. extra]);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var line = await process.StandardOutput.ReadLineAsync(guard.Token);
            var prefix = $"verge serve: {role} listening on ";
            Assert.StartsWith(prefix, line);
            var url = line![prefix.Length..];
            int bound = new Uri(url).Port;
            Assert.Equal($"http://127.0.0.1:{bound}", url);
            Assert.True(port == 0 ? bound > 0 : bound == port, line);
            return new ServeProcess(process, url);
        }
        catch
        {
            Reap(process);
            throw;
        }
    }

    /// <summary>
    /// A port that nothing listens on right now, for tests of an absent server. Never hand it to a server to bind:
    /// it is free only until someone else takes it (start servers on port 0 instead).
    /// </summary>
    public static int UnusedPort()
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
