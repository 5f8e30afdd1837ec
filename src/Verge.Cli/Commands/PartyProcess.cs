using Verge.Core.Errors;
using Verge.Core.Processes;

namespace Verge.Cli.Commands;

/// <summary>
/// A party of a private protocol started as a child `verge private-party` process: its URL is read from its
/// "listening on" line; disposing kills it. Its output is drained, so the parent's stderr keeps its one line.
/// </summary>
internal sealed class PartyProcess : IDisposable
{
    private readonly LaunchedProcess _process;

    private PartyProcess(LaunchedProcess process, string url) => (_process, Url) = (process, url);

    public string Url { get; }

    /// <summary>Waits for the party to end; a failure is its own last stderr line, as an input error.</summary>
    public async Task ExitAsync(string role, CancellationToken ct)
    {
        await _process.WaitForExitAsync(ct);
        if (_process.ExitCode == 0) return;
        var why = (await _process.StderrAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Replace("verge: ", "") ?? $"exit code {_process.ExitCode}";
        throw new InputException($"the {role} failed: {why.Trim()}");
    }

    public static async Task<PartyProcess> StartAsync(string role, IEnumerable<string> args, CancellationToken ct, string? marker = null)
    {
        var start = LaunchedProcess.SelfStartInfo(typeof(PartyProcess).Assembly, ["private-party", role, .. args]);
        var process = LaunchedProcess.Start(start, $"the {role} party process");
        try
        {
            var url = await process.WaitForReadyAsync(marker ?? $"{role} listening on ", TimeSpan.FromSeconds(120), ct);
            return new PartyProcess(process, url.Trim());
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public void Dispose() => _process.Dispose();
}
