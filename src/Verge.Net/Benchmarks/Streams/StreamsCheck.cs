namespace Verge.Net.Benchmarks.Streams;

/// <summary>One acceptance figure of issue 14: what was measured against its target, and whether it was met.</summary>
public sealed record StreamsCheck(string Name, string Target, string Measured, bool Met);
