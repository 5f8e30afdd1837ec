using Verge.Inference.Planning.InputWise;

namespace Verge.Net.Hosting;

/// <summary>
/// What a node holds between the blocks of an input-wise chain under halo exchange, per caller and frame: the pieces
/// of the current block's input map (its own outputs of the block before, and strips the device sent) and the
/// outputs it keeps for the next block. Bounded: at most <see cref="MaxFrames"/> frames (the least recently used go),
/// each dropped at its end_frame call or after <see cref="Idle"/> without a call; a dropped frame makes the device
/// restart it with full crops.
/// </summary>
internal sealed class TileHaloStore
{
    public const int MaxFrames = 16;

    public static readonly TimeSpan Idle = TimeSpan.FromSeconds(60);

    private readonly Lock _gate = new();

    /// <summary>The node's tile codec work (unpacking, normalising, packing), paced at its speed and counted.</summary>
    public TileCodecPacer Codec { get; } = new();
    private readonly Dictionary<(string Caller, long Frame), Held> _frames = [];

    /// <summary>A part of a map: where it lies and its values (N×C planes of rows × columns).</summary>
    public sealed record Piece(TileRegion Region, long Batch, long Channels, float[] Data);

    private sealed class Held(int block)
    {
        public int Block = block;
        public List<Piece> Input = [];
        public List<Piece> Output = [];
        public long Touched = Environment.TickCount64;
    }

    /// <summary>
    /// The pieces of block <paramref name="block"/>'s input map held for the frame with <paramref name="strips"/> added,
    /// or null when <paramref name="expectsHeld"/> and the node holds nothing of that frame and block. Without
    /// <paramref name="expectsHeld"/> the frame starts afresh here.
    /// </summary>
    public IReadOnlyList<Piece>? Input(string caller, long frame, int block, bool expectsHeld, IReadOnlyList<Piece> strips)
    {
        lock (_gate)
        {
            Expire();
            var key = (caller, frame);
            if (!expectsHeld)
                _frames[key] = new Held(block);
            if (!_frames.TryGetValue(key, out var held)) return null;
            if (held.Block == block - 1 && held.Output.Count > 0)
                (held.Block, held.Input, held.Output) = (block, held.Output, []);
            if (held.Block != block) return null;
            held.Input.AddRange(strips);
            held.Touched = Environment.TickCount64;
            return held.Input.ToList();
        }
    }

    /// <summary>Keeps the output of a tile of block <paramref name="block"/> for the next block of the frame.</summary>
    public void Keep(string caller, long frame, int block, Piece output)
    {
        lock (_gate)
            if (_frames.TryGetValue((caller, frame), out var held) && held.Block == block)
                held.Output.Add(output);
    }

    public void Drop(string caller, long frame)
    {
        lock (_gate) _frames.Remove((caller, frame));
    }

    /// <summary>Forgets every frame (as a restarted node would).</summary>
    public void Clear()
    {
        lock (_gate) _frames.Clear();
    }

    /// <summary>Frames held now (tests check that ended frames are dropped).</summary>
    public int Count
    {
        get { lock (_gate) return _frames.Count; }
    }

    private void Expire()
    {
        long now = Environment.TickCount64;
        foreach (var key in _frames.Where(f => now - f.Value.Touched > Idle.TotalMilliseconds).Select(f => f.Key).ToList())
            _frames.Remove(key);
        while (_frames.Count >= MaxFrames)
            _frames.Remove(_frames.MinBy(f => f.Value.Touched).Key);
    }
}
