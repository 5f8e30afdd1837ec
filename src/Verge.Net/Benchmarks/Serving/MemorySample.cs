namespace Verge.Net.Benchmarks.Serving;

/// <summary>One memory reading of the soak: seconds since it began, resident set and managed heap in bytes.</summary>
public sealed record MemorySample(double Seconds, long RssBytes, long HeapBytes);
