namespace Verge.Net.Stages;

/// <summary>
/// Makes this host compute like a slower node: a stage that took t here is held until t / speed has passed, so a
/// spec's `speed: 0.15` phone really takes 6.7× as long on loopback. Faster nodes (speed > 1) cannot be emulated
/// and run as they are.
/// </summary>
public sealed class ComputePacer(double speed)
{
    public double Speed { get; } = speed > 0 && double.IsFinite(speed) ? speed : 1.0;

    public bool Emulates => Speed < 1.0;

    /// <summary>Blocks for the extra time a node of <see cref="Speed"/> would have needed beyond <paramref name="measured"/>.</summary>
    public void Stretch(TimeSpan measured)
    {
        if (!Emulates) return;
        var extra = measured * (1.0 / Speed - 1.0);
        if (extra > TimeSpan.Zero) Links.Precise.Wait(extra);
    }
}
