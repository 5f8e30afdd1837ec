namespace Verge.Net.Running;

/// <summary>One tier of a tiered-exit run: its exit, the node it ran on, the frames that left there and how many of them were right.</summary>
public sealed record TierRow(string Exit, string Site, int Frames, int Correct);
