namespace Verge.Learning.Engine;

/// <summary>
/// How many threads the engine uses, for GEMM blocks and for its own per-sample / per-channel loops. Results do not
/// depend on it: every parallel loop writes disjoint outputs, and GEMM's blocks follow from the matrix shapes alone
/// (see <see cref="Blas.Gemm"/>). The count belongs to the caller's async flow, not the process: a command or test
/// that asks for one thread (<see cref="Use"/>) leaves a training running beside it in the same process untouched.
/// </summary>
public static class Parallelism
{
    private static readonly AsyncLocal<int> Scoped = new();

    static Parallelism() => Blas.UseSingleThreadedLibrary();

    /// <summary>The thread count for engine work started from this flow: the innermost <see cref="Use"/>, else every core.</summary>
    public static int Threads => Scoped.Value > 0 ? Scoped.Value : Environment.ProcessorCount;

    internal static ParallelOptions Options => new() { MaxDegreeOfParallelism = Threads };

    /// <summary>
    /// Runs engine work started from this async flow (and the tasks it starts) on at most <paramref name="threads"/>
    /// threads until the returned scope is disposed; other flows keep their own count.
    /// </summary>
    public static IDisposable Use(int threads)
    {
        var scope = new Scope(Scoped.Value);
        Scoped.Value = Math.Max(1, threads);
        return scope;
    }

    /// <summary>Runs body(i) for i in [0, count), in parallel when the work is big enough to pay for it.</summary>
    internal static void For(int count, long workPerItem, Action<int> body)
    {
        int threads = Threads;
        if (threads == 1 || count == 1 || count * workPerItem < 32_768)
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }

    private sealed class Scope(int previous) : IDisposable
    {
        public void Dispose() => Scoped.Value = previous;
    }
}
