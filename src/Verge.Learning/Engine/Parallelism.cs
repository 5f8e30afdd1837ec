namespace Verge.Learning.Engine;

/// <summary>
/// How many threads the engine uses, for GEMM blocks and for its own per-sample / per-channel loops. Results do not
/// depend on it (every parallel loop writes disjoint outputs), only speed does.
/// </summary>
public static class Parallelism
{
    private static ParallelOptions _options = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    static Parallelism() => Blas.UseSingleThreadedLibrary();

    public static int Threads => _options.MaxDegreeOfParallelism;

    internal static ParallelOptions Options => _options;

    public static void SetThreads(int threads)
    {
        threads = Math.Max(1, threads);
        _options = new ParallelOptions { MaxDegreeOfParallelism = threads };
    }

    /// <summary>Runs body(i) for i in [0, count), in parallel when the work is big enough to pay for it.</summary>
    internal static void For(int count, long workPerItem, Action<int> body)
    {
        if (Threads == 1 || count == 1 || count * workPerItem < 32_768)
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        Parallel.For(0, count, _options, body);
    }
}
