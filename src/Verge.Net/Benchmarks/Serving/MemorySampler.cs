using System.Diagnostics;

namespace Verge.Net.Benchmarks.Serving;

/// <summary>
/// Samples this process's resident set (RSS) and managed heap at a fixed interval until disposed. The bench runs the
/// server and the load generator in one process, so the figures include both.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly List<MemorySample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MemorySampler(TimeSpan interval) => _loop = Task.Run(() => LoopAsync(interval));

    public IReadOnlyList<MemorySample> Samples
    {
        get { lock (_samples) return [.. _samples]; }
    }

    private async Task LoopAsync(TimeSpan interval)
    {
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(interval);
        do
        {
            var sample = new MemorySample(clock.Elapsed.TotalSeconds, Environment.WorkingSet, GC.GetTotalMemory(false));
            lock (_samples) _samples.Add(sample);
        }
        while (await Wait(timer));
    }

    private async Task<bool> Wait(PeriodicTimer timer)
    {
        try { return await timer.WaitForNextTickAsync(_stop.Token); }
        catch (OperationCanceledException) { return false; }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
