namespace Verge.Core.Spec;

/// <summary>
/// <c>app.stream</c>: the run feeds a generated camera stream (<see cref="Preset"/> <c>static</c>, <c>busy</c> or
/// <c>drifting</c>, <see cref="Frames"/> frames, else <c>--frames</c>; seeded), and a gate on the device sends only the
/// frames that changed, reusing the last answer in between: <c>change</c> (Glimpse: pixel difference against the last
/// frame sent) or <c>cache</c> (DeepMon: a pooled early feature against the cached one). Its threshold is given, or
/// calibrated on a held-out stream to lose at most <see cref="TargetDrop"/> accuracy (0.005 when neither is set).
/// </summary>
public sealed record StreamSpec(string Preset, int? Frames, int Seed, string Gate, double? Threshold, double? TargetDrop)
{
    public static IReadOnlyList<string> Presets { get; } = ["static", "busy", "drifting"];
    public static IReadOnlyList<string> Gates { get; } = ["change", "cache"];
    public const double DefaultTargetDrop = 0.005;
}
