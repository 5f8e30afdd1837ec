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

    private readonly Task<string> _stderr;

    private PartyProcess(Process process, string url, Task<string> stderr) => (_process, Url, _stderr) = (process, url, stderr);

    public string Url { get; }

    /// <summary>Waits for the party to end; a failure is its own last stderr line, as an input error.</summary>
    public async Task ExitAsync(string role, CancellationToken ct)
    {
        await _process.WaitForExitAsync(ct);
        if (_process.ExitCode == 0) return;
        var why = (await _stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Replace("verge: ", "") ?? $"exit code {_process.ExitCode}";
        throw new InputException($"the {role} failed: {why.Trim()}");
    }

    public static async Task<PartyProcess> StartAsync(string role, IEnumerable<string> args, CancellationToken ct, string? marker = null)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Run as `dotnet verge.dll`, the entry assembly goes first; as an app host, the program is the process itself.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(PartyProcess).Assembly.Location);
        foreach (var a in (string[])["private-party", role, .. args]) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InputException($"could not start the {role} party process");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        marker ??= $"{role} listening on ";
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(ct);
        guard.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(guard.Token) is { } line)
            {
                int at = line.IndexOf(marker, StringComparison.Ordinal);
                if (at < 0) continue;
                _ = Drain(process);
                return new PartyProcess(process, line[(at + marker.Length)..].Trim(), stderr);
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
