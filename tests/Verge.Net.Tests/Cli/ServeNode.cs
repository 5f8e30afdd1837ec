using System.Diagnostics;

namespace Verge.Net.Tests.Cli;

/// <summary>`verge serve` on a port it picks itself (`:0`); the URL comes from its first line. Killed on dispose.</summary>
internal sealed class ServeNode : IDisposable
{
    private const string Prefix = "listening on ";
    private readonly Process _process;

    private ServeNode(Process process, string url) => (_process, Url) = (process, url);

    public string Url { get; }

    public static async Task<ServeNode> StartAsync(string role)
    {
        var process = ServeProcess.Launch("serve", "--role", role, "--listen", "http://127.0.0.1:0");
        try
        {
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var line = await process.StandardOutput.ReadLineAsync(guard.Token) ?? "";
            Assert.StartsWith($"verge serve: {role} {Prefix}http://127.0.0.1:", line);
            return new ServeNode(process, line[(line.IndexOf(Prefix, StringComparison.Ordinal) + Prefix.Length)..]);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
