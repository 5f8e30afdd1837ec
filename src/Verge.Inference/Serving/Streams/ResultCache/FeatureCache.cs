namespace Verge.Inference.Serving.Streams.ResultCache;

/// <summary>
/// DeepMon's result cache (Huynh et al., MobiSys 2017), at frame level: the previous answer is reused when a cheap
/// early-layer feature of the frame is within a distance of the cached one. The feature here is the first layer any
/// CNN could share for free: average pooling over <c>block</c>×<c>block</c> patches (7×7 values for a 28×28 frame at
/// block 4), which averages camera noise away where a raw pixel difference does not. DeepMon caches per region inside
/// convolutions; reusing the whole answer is the frame-level case of it.
/// </summary>
public sealed class FeatureCache : IReuseGate
{
    private readonly int _side, _block;
    private float[]? _cached;

    public FeatureCache(double distance, int side = 28, int block = 4)
    {
        if (side % block != 0) throw new ArgumentException($"block {block} does not divide side {side}");
        (Threshold, _side, _block) = (distance, side, block);
    }

    public double Threshold { get; }

    public double Distance(ReadOnlySpan<float> frame)
    {
        if (_cached is null) return double.PositiveInfinity;
        var feature = Feature(frame);
        double sum = 0;
        for (int i = 0; i < feature.Length; i++) sum += Math.Abs(feature[i] - _cached[i]);
        return sum / feature.Length;
    }

    public void Refresh(ReadOnlySpan<float> frame) => _cached = Feature(frame);

    /// <summary>The block-averaged frame.</summary>
    public float[] Feature(ReadOnlySpan<float> frame)
    {
        if (frame.Length != _side * _side) throw new ArgumentException($"frame of {frame.Length} values, expected {_side}×{_side}");
        int cells = _side / _block;
        var feature = new float[cells * cells];
        float scale = 1f / (_block * _block);
        for (int y = 0; y < _side; y++)
            for (int x = 0; x < _side; x++)
                feature[y / _block * cells + x / _block] += frame[y * _side + x] * scale;
        return feature;
    }
}
