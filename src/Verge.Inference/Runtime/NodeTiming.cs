namespace Verge.Inference.Runtime;

/// <summary>One node's median kernel time on the profiled host, and the bytes its outputs occupy.</summary>
public sealed record NodeTiming(string Name, string OpType, double Ms, long OutputBytes);
