namespace Verge.Inference.Serving.Allocation;

/// <summary>A stream's resource–accuracy profile: every knob setting with its cost and accuracy (VideoStorm's
/// query profile), and a cheap signature of its content that Chameleon's profile sharing compares.</summary>
public sealed record StreamProfile(string Stream, IReadOnlyList<KnobPoint> Points, double Signature = 0);
