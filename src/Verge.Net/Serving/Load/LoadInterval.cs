namespace Verge.Net.Serving.Load;

/// <summary>One slice of a load run's timeline (by answer time): from <see cref="StartS"/> seconds into the run,
/// answers per second and client-side latency percentiles (NaN when nothing was answered in the slice).</summary>
public sealed record LoadInterval(double StartS, double ThroughputRps, double P50Ms, double P99Ms);
