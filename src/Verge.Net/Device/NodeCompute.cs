namespace Verge.Net.Device;

/// <summary>Where one part of a frame ran, how long it computed, and how many request bytes that node received.</summary>
public sealed record NodeCompute(string Node, string StageId, TimeSpan Compute, long BytesReceived);
