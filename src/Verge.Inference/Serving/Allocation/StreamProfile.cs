namespace Verge.Inference.Serving.Allocation;

/// <summary>A stream's resource–accuracy profile: every knob setting with its cost and accuracy (VideoStorm's
/// query profile), a cheap signature of its content that Chameleon's profile sharing compares, and the stream's lag
/// bound in seconds (a knob of the stream: the allocator never picks a setting whose <see cref="KnobPoint.Lag"/>
/// passes it).</summary>
public sealed record StreamProfile(string Stream, IReadOnlyList<KnobPoint> Points, double Signature = 0,
    double MaxLag = double.PositiveInfinity)
{
    /// <summary>The settings that keep the stream within its lag bound.</summary>
    public IReadOnlyList<KnobPoint> Feasible => Points.Where(k => k.Lag <= MaxLag + 1e-12).ToList();
}
