namespace Verge.Inference.Serving.Dispatch;

/// <summary>
/// Dedicated threads that run batches, one more whenever a batch finds none idle (so at most as many as batches run
/// at once: the instances, or the compute slots). Not the thread pool: an ONNX Runtime run blocks its thread for the
/// whole batch, and on a small box the pool has a thread per core, so batches on it would hold every pool thread and
/// stall what feeds the queue (Kestrel reading requests, gRPC decoding them, the answers going out) until the pool
/// grows, time that a request's deadline spends outside any queue the scheduler sees. Triton likewise runs each
/// model instance on a thread of its own.
/// </summary>
public sealed class BatchWorkers : IDisposable
{
    private readonly object gate = new();   // Monitor.Wait and Pulse need a monitor, not a Lock
    private readonly Queue<Action> jobs = new();
    private int idle, started;
    private bool stopped;

    /// <summary>Threads started so far.</summary>
    public int Threads
    {
        get { lock (gate) return started; }
    }

    public void Run(Action job)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(stopped, this);
            jobs.Enqueue(job);
            if (idle > 0)
            {
                idle--;
                Monitor.Pulse(gate);
                return;
            }
            started++;
        }
        new Thread(Work) { IsBackground = true, Name = "verge-batch" }.Start();
    }

    private void Work()
    {
        while (true)
        {
            Action job;
            lock (gate)
            {
                while (jobs.Count == 0)
                {
                    if (stopped) return;
                    idle++;   // the one who queues a job takes it back when it pulses
                    Monitor.Wait(gate);
                }
                job = jobs.Dequeue();
            }
            try
            {
                job();
            }
            catch (Exception e)
            {
                // BatchRunner answers a batch's own failures; what escapes it is a bug, which on the thread pool went
                // unobserved and here must not end the thread (and the process) either.
                System.Diagnostics.Trace.TraceError($"verge: a batch thread caught {e.GetType().Name}: {e.Message}");
            }
        }
    }

    /// <summary>Lets the threads end once the jobs queued are done.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            stopped = true;
            Monitor.PulseAll(gate);
        }
    }
}
