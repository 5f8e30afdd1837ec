using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Verge.Net.Tests.Cli;

/// <summary>
/// The real `verge` program as a child process (verge.dll sits next to the tests): stdout collected whole, stderr
/// readable line by line while it runs (with `--json -`, progress goes there), so a test can act on an event.
/// </summary>
internal sealed class VergeChild : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stderr = new();
    private readonly Task _pump;

    public VergeChild(params string[] args)
    {
        _process = ServeProcess.Launch(args);
        _stdout = _process.StandardOutput.ReadToEndAsync();
        _pump = Task.Run(async () =>
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                lock (_stderr) _stderr.AppendLine(line);
                await _lines.Writer.WriteAsync(line);
            }
            _lines.Writer.Complete();
        });
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs verge to the end (a guard of two minutes, not a timing assertion).</summary>
    public static Task<Result> RunAsync(params string[] args) => RunAsync(120, args);

    /// <summary>Runs verge to the end within a guard of <paramref name="seconds"/>.</summary>
    public static async Task<Result> RunAsync(int seconds, params string[] args)
    {
        using var child = new VergeChild(args);
        return await child.ExitAsync(seconds);
    }

    /// <summary>Reads stderr until a line contains <paramref name="text"/>; fails if the program ends first.</summary>
    public async Task<string> WaitForStderrAsync(string text, int seconds = 120)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (await _lines.Reader.WaitToReadAsync(guard.Token))
                while (_lines.Reader.TryRead(out var line))
                    if (line.Contains(text, StringComparison.Ordinal)) return line;
        }
        catch (OperationCanceledException)
        {
        }
        throw new Xunit.Sdk.XunitException($"verge wrote no line with '{text}'; stderr so far:\n{Stderr}");
    }

    private string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public async Task<Result> ExitAsync(int seconds = 120)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await _process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"verge did not finish within {seconds} s; stderr:\n{Stderr}");
        }
        await _pump;
        return new Result(_process.ExitCode, await _stdout, Stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
