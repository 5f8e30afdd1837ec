using System.Diagnostics;
using Verge.Net.Tests.Cli;

namespace Verge.Net.Tests.Privacy;

/// <summary>A `verge private-party` child process; killed on dispose.</summary>
internal sealed class PartyChild(Process process, string url) : IDisposable
{
    public string Url { get; } = url;

    /// <summary>Starts the party and reads its URL from its "listening on" line (a startup guard, not a timing assertion).</summary>
    public static async Task<PartyChild> StartAsync(string role, params string[] args)
    {
        var process = ServeProcess.Launch(["private-party", role, "--listen", "http://127.0.0.1:0", .. args]);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await process.StandardOutput.ReadLineAsync(guard.Token);
        var prefix = $"verge private-party: {role} listening on ";
        Assert.StartsWith(prefix, line);
        return new PartyChild(process, line![prefix.Length..]);
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
    }
}
