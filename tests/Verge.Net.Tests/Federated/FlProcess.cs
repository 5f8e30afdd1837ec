using System.Diagnostics;
using System.Threading.Channels;

namespace Verge.Net.Tests.Federated;

/// <summary>`verge fl …` as a real child process whose stdout lines the test can wait for; killed on dispose.</summary>
internal sealed class FlProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _seen = [];
    private readonly Task _pump;

    public FlProcess(params string[] args)
    {
        _process = ServeProcess.Launch(["fl", .. args]);
        _pump = Task.Run(async () =>
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line) await _lines.Writer.WriteAsync(line);
            _lines.Writer.Complete();
        });
        _ = _process.StandardError.ReadToEndAsync();
    }

    /// <summary>Every line read so far.</summary>
    public IReadOnlyList<string> Lines => _seen;

    /// <summary>Reads lines until one contains <paramref name="text"/> (a guard timeout, not a timing assertion).</summary>
    public Task<string> WaitForAsync(string text, int seconds = 90) =>
        WaitForAsync(line => line.Contains(text, StringComparison.Ordinal), $"'{text}'", seconds);

    /// <summary>Reads lines until one matches <paramref name="match"/>, described by <paramref name="what"/> in the failure.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> match, string what, int seconds = 90)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (await _lines.Reader.WaitToReadAsync(guard.Token))
                while (_lines.Reader.TryRead(out var line))
                {
                    _seen.Add(line);
                    if (match(line)) return line;
                }
        }
        catch (OperationCanceledException)
        {
        }
        throw new Xunit.Sdk.XunitException($"no line with {what}; output so far:\n{string.Join('\n', _seen)}");
    }

    /// <summary>Waits for the process to exit and collects the rest of its output.</summary>
    public async Task<int> ExitAsync(int seconds = 90)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await _process.WaitForExitAsync(guard.Token);
        await _pump;
        while (_lines.Reader.TryRead(out var line)) _seen.Add(line);
        return _process.ExitCode;
    }

    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        await _pump;
        while (_lines.Reader.TryRead(out var line)) _seen.Add(line);
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
