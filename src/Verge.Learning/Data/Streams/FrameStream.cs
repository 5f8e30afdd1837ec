namespace Verge.Learning.Data.Streams;

/// <summary>A generated stream: its frames in order, the preset and seed that made it.</summary>
public sealed record FrameStream(StreamPreset Preset, int Seed, IReadOnlyList<StreamFrame> Frames)
{
    public const int FrameSize = 28 * 28;

    public int Count => Frames.Count;

    /// <summary>Every frame's pixels one after another (what a batched runner takes).</summary>
    public float[] Pixels()
    {
        var all = new float[Count * FrameSize];
        for (int i = 0; i < Count; i++) Frames[i].Pixels.CopyTo(all, i * FrameSize);
        return all;
    }

    public int[] Labels() => Frames.Select(f => f.Label).ToArray();

    /// <summary>Frames whose item differs from the previous frame's.</summary>
    public int SceneCuts => Enumerable.Range(1, Math.Max(0, Count - 1)).Count(i => Frames[i].Item != Frames[i - 1].Item);

    /// <summary>The frames as a data set (for training or evaluating on stream frames).</summary>
    public ImageDataset AsDataset() => new(Pixels(), Labels(), 1, 28, 28);
}
