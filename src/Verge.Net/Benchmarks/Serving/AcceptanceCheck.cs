namespace Verge.Net.Benchmarks.Serving;

/// <summary>One of issue 11's acceptance figures: what was measured, the target, and whether it is met.</summary>
public sealed record AcceptanceCheck(string Name, string Measured, string Target, bool Met);
