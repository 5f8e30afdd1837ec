using Verge.Inference.Graph.Extraction;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// A model split input-wise: the fused block's tiles (run anywhere, in any order), and the rest of the model that
/// the device runs on the stitched block output (null when the block is the whole model).
/// </summary>
public sealed record FusedTilePlan(FusedBlock Block, TileGrid Grid, IReadOnlyList<TileModel> Tiles, ExtractedStage? Rest, long BlockPeakActivationBytes)
{
    /// <summary>The largest tile's peak activation memory over the whole block run on one node.</summary>
    public double PeakMemoryRatio => BlockPeakActivationBytes == 0 ? 0 : (double)Tiles.Max(t => t.PeakActivationBytes) / BlockPeakActivationBytes;

    /// <summary>All tiles' MACs over the block's: above 1 by the work the tiles' overlapping halos repeat.</summary>
    public double MacsOverhead => (double)Tiles.Sum(t => t.Macs) / Math.Max(1, Block.Nodes.Sum(i => Block.Graph.Nodes[i].Macs));
}
