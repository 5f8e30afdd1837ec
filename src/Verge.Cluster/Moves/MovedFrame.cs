namespace Verge.Cluster.Moves;

/// <summary>One frame: the edge node it was sent to, the silo its session answered from, device-to-answer time in ms.</summary>
public sealed record MovedFrame(int Frame, string Edge, string Silo, double TotalMs, bool Repeated, double MaxRelDiff, bool Top1Agrees, int Answer);
