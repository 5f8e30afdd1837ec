namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// What the device sends and asks back for one tile under halo exchange: the worker that owns it, the strips of the
/// block's input map it lacks (the device sends them), the parts of its output the other workers need for the next
/// block (it returns them), whether its whole output returns (the chain's last block), whether it keeps its output
/// for the next block, whether it must already hold pieces of this frame, and whether this is its last call of the frame.
/// </summary>
public sealed record HaloTile(int Worker, IReadOnlyList<TileRegion> Strips, IReadOnlyList<TileRegion> SendBack, bool FullBack, bool Keep, bool ExpectsHeld, bool EndFrame)
{
    /// <summary>The worker id of the device itself (it holds its map; nothing of its own crosses the radio).</summary>
    public const int OnDevice = -1;
}
