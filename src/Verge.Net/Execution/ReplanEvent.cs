namespace Verge.Net.Execution;

/// <summary>A change of plan during a run, with the link measurements that caused it.</summary>
public sealed record ReplanEvent(int Frame, string From, string To, double? MeasuredMbps, double? MeasuredRttMs);
