using System.Diagnostics;

namespace Verge.Net.Links;

/// <summary>
/// One thread that wakes every paced waiter of this process (emulated links, emulated compute, the tile codec) at its
/// deadline on <see cref="Stopwatch"/>'s clock. OS timers and sleeps wake a millisecond or more late, so a precise wait
/// sleeps coarsely and spins out the last <see cref="PreciseDelay.Margin"/>; when every waiter did that itself, four
/// emulated nodes and a radio on a host of two cores had several threads spinning at once, taking the cores from the
/// nodes' real work, and every waiting node held a thread. Here only this thread spins, for the nearest deadline alone;
/// a sync waiter blocks on an event, an async one holds no thread at all (its continuation is queued when due).
/// </summary>
public static class PacingClock
{
    private static readonly Lock Gate = new();
    private static readonly PriorityQueue<Waiter, long> Due = new();
    private static readonly AutoResetEvent Changed = new(false);
    private static long _sleepingUntil = long.MaxValue;
    private static Thread? _thread;

    /// <summary>Completes at <paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp) with the timestamp the clock woke it at.</summary>
    public static Task<long> At(long deadline, CancellationToken ct = default)
    {
        var waiter = new Waiter(deadline, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously), null);
        Enqueue(waiter);
        if (!ct.CanBeCanceled) return waiter.Task!.Task;
        var registration = ct.Register(static s => ((TaskCompletionSource<long>)s!).TrySetCanceled(), waiter.Task);
        return waiter.Task!.Task.ContinueWith(t => { registration.Dispose(); return t; },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Blocks until <paramref name="deadline"/>; returns the timestamp the clock woke this thread at.</summary>
    public static long Until(long deadline)
    {
        using var signal = new ManualResetEventSlim(false, spinCount: 1);
        var waiter = new Waiter(deadline, null, signal);
        Enqueue(waiter);
        signal.Wait();
        return Volatile.Read(ref waiter.Fired);
    }

    private static void Enqueue(Waiter waiter)
    {
        bool wake;
        lock (Gate)
        {
            _thread ??= Start();
            Due.Enqueue(waiter, waiter.Deadline);
            wake = waiter.Deadline < _sleepingUntil;
        }
        if (wake) Changed.Set();
    }

    private static Thread Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "verge pacing clock" };
        thread.Start();
        return thread;
    }

    private static void Run()
    {
        long margin = PreciseDelay.Ticks(PreciseDelay.Margin);
        while (true)
        {
            long now = Stopwatch.GetTimestamp(), next;
            lock (Gate)
            {
                while (Due.TryPeek(out var w, out var deadline) && deadline <= now)
                {
                    Due.Dequeue();
                    w.Release(now);
                }
                next = Due.TryPeek(out _, out var first) ? first : long.MaxValue;
                _sleepingUntil = next - now > margin ? next - margin : now;
            }
            // Sleep to within the margin of the nearest deadline (a new, nearer one sets Changed), then spin it out.
            long sleepMs = next == long.MaxValue ? Timeout.Infinite : Math.Min(int.MaxValue, (next - now - margin) * 1000 / Stopwatch.Frequency);
            if (sleepMs != 0 && next - now > margin) Changed.WaitOne((int)sleepMs);
            else Thread.Yield();
        }
    }

    private sealed class Waiter(long deadline, TaskCompletionSource<long>? task, ManualResetEventSlim? signal)
    {
        public readonly long Deadline = deadline;
        public readonly TaskCompletionSource<long>? Task = task;
        public long Fired;

        public void Release(long now)
        {
            Volatile.Write(ref Fired, now);
            Task?.TrySetResult(now);
            signal?.Set();
        }
    }
}
