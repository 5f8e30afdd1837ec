using System.Diagnostics;
using Verge.Core.Errors;

namespace Verge.Cli.Commands;

/// <summary>
/// A party of a private protocol started as a child `verge private-party` process: its URL is read from its
/// "listening on" line; disposing kills it. Its output is drained, so the parent's stderr keeps its one line.
/// </summary>
internal sealed class PartyProcess : IDisposable
{
    private readonly Process _process;

    private PartyProcess(Process process, string url) => (_process, Url) = (process, url);

    public string Url { get; }

    public static async Task<PartyProcess> StartAsync(string role, IEnumerable<string> args, CancellationToken ct)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Run as `dotnet verge.dll`, the entry assembly goes first; as an app host, the program is the process itself.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(PartyProcess).Assembly.Location);
        foreach (var a in (string[])["private-party", role, .. args]) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InputException($"could not start the {role} party process");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        string marker = $"{role} listening on ";
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(ct);
        guard.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(guard.Token) is { } line)
            {
                int at = line.IndexOf(marker, StringComparison.Ordinal);
                if (at < 0) continue;
                _ = Drain(process);
                return new PartyProcess(process, line[(at + marker.Length)..].Trim());
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
        Kill(process);
        var why = (await stderr).Trim().ReplaceLineEndings(" ");
        throw new InputException($"the {role} party process did not start: {(why.Length > 0 ? why : "no listening line")}");
    }

    private static async Task Drain(Process process)
    {
        while (await process.StandardOutput.ReadLineAsync() is not null) { }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill(_process);
        _process.Dispose();
    }
}
