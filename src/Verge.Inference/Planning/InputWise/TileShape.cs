namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// What one tile costs without its model: the part of the block's output it computes, the part of the image it
/// reads, and its MACs (halo included) — enough for the latency model to weigh a depth and a grid.
/// </summary>
public sealed record TileShape(TileRegion Output, TileRegion Input, long Macs);
