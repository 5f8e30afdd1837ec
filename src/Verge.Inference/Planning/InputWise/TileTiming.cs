using Verge.Core.Units;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// The setting the latency model replays tiles in: each helper's time for the whole fused block (a tile takes its
/// share by MACs), the device's when it takes tiles too (DeepThings' data source is one of the workers; null: only
/// helpers), the rest of the model on the device, and the device's radio that every tile shares both ways.
/// </summary>
public sealed record TileTiming(IReadOnlyList<double> HelperBlockMs, double? DeviceBlockMs, double RestMs, Bandwidth Radio, double RttMs, MessageCost Message)
{
    /// <summary>
    /// Bytes one value of the block's input map costs on the radio: 4 (float32), 1 for a camera's 8-bit frame
    /// (<see cref="ImageNormalization"/>), or 4 × the strip codec's ratio for a post-ReLU map (<see cref="ZeroBitmap.Ratio"/>).
    /// </summary>
    public double InBytesPerValue { get; init; } = 4;

    /// <summary>Bytes one value of the block's output map costs on the radio (4, or less under the strip codec).</summary>
    public double OutBytesPerValue { get; init; } = 4;

    /// <summary>
    /// CPU time per value of a strip that crosses the radio, on each side (packing or normalising, then unpacking), at
    /// the nodes' speed; 0: the codec is free, as the choosers price it. Charged by <see cref="HaloLatencyModel"/> only.
    /// </summary>
    public double CodecMsPerValue { get; init; }

    /// <summary>
    /// Per tile, in index order: its share of the block's time as measured, the tile's own run time over the block's
    /// part of the whole model's run time, timed on one host in one sitting; null: its share of the block's MACs. The
    /// two differ where small tiles run slower per MAC than the whole block (1.2–1.4× on the 2-core test host).
    /// </summary>
    public IReadOnlyList<double>? TileShares { get; init; }

    /// <summary>Tile <paramref name="k"/>'s share of the block's time: measured (<see cref="TileShares"/>) or by MACs.</summary>
    public double Share(int k, TileShape tile, double blockMacs) => TileShares is { } measured ? measured[k] : tile.Macs / blockMacs;
}
