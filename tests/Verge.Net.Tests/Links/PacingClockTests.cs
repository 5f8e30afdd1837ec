using System.Diagnostics;
using Verge.Net.Links;

namespace Verge.Net.Tests.Links;

public sealed class PacingClockTests
{
    [Fact]
    public async Task EveryWaiterAsyncOrBlockedIsWokenAtOrAfterItsDeadlineNeverBefore()
    {
        long now = Stopwatch.GetTimestamp();
        long Ms(double ms) => now + (long)(ms * Stopwatch.Frequency / 1000);
        // Deadlines out of order, some within the spin margin, some already past.
        double[] at = [30, 1, 12, 0.3, -5, 7, 2.5, 20, 0, 4];
        var async = at.Select(ms => (Deadline: Ms(ms), Woke: PacingClock.At(Ms(ms)))).ToList();
        var blocked = at.Select(ms => Task.Factory.StartNew(() => (Deadline: Ms(ms), Woke: PacingClock.Until(Ms(ms))), TaskCreationOptions.LongRunning)).ToList();

        foreach (var (deadline, woke) in async) Assert.True(await woke >= deadline);
        foreach (var t in blocked)
        {
            var (deadline, woke) = await t;
            Assert.True(woke >= deadline);
        }
    }

    [Fact]
    public async Task ACancelledWaitEndsAsCancelled()
    {
        using var cancel = new CancellationTokenSource();
        var wait = PacingClock.At(Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60, cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Fact]
    public async Task PreciseWaitsReturnAtOnceForAPastDeadlineAndAfterAFutureOne()
    {
        long past = Stopwatch.GetTimestamp() - 1000;
        var (fired, woke) = PreciseDelay.WaitUntil(past);
        Assert.True(woke >= fired && fired > past);
        long soon = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 200;
        Assert.True((await PreciseDelay.WaitUntilAsync(soon)).Woke >= soon);
        Assert.True(PreciseDelay.WaitUntil(soon + Stopwatch.Frequency / 200).Woke >= soon + Stopwatch.Frequency / 200);
    }
}
