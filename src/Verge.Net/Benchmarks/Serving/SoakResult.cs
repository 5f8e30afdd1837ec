namespace Verge.Net.Benchmarks.Serving;

/// <summary>
/// The soak: many device streams for a long run. Errors are failures other than deliberate rejections; memory is
/// this process's (server and load generator together), sampled through the run. <see cref="Growth"/> compares the
/// mean resident set of the run's second half with its first: bounded memory does not keep growing.
/// </summary>
public sealed record SoakResult(ServingRun Run, int Streams, IReadOnlyList<MemorySample> Samples)
{
    public const double MaxGrowth = 0.10;

    public double PeakRssMb => Samples.Count == 0 ? 0 : Samples.Max(s => s.RssBytes) / 1e6;
    public double PeakHeapMb => Samples.Count == 0 ? 0 : Samples.Max(s => s.HeapBytes) / 1e6;

    public double Growth
    {
        get
        {
            if (Samples.Count < 4) return 0;
            double mid = Samples[^1].Seconds / 2;
            double first = Samples.Where(s => s.Seconds < mid).Average(s => s.RssBytes);
            double second = Samples.Where(s => s.Seconds >= mid).Average(s => s.RssBytes);
            return second / first - 1;
        }
    }

    public bool Bounded => Growth <= MaxGrowth;
}
