namespace Verge.Inference.Serving.Stems;

/// <summary>
/// Mainstream's chooser (Jiang et al., USENIX ATC 2018): sharing more layers raises the frame rate the server keeps
/// up with and costs the applications accuracy (their frozen layers cannot specialise), so pick the sharing that
/// maximises mean accuracy among those sustaining the target frame rate on the given cores; when none does, the
/// fastest. Mainstream may give each application its own depth; one depth for all is the case here.
/// </summary>
public static class StemChooser
{
    public static StemOption Choose(IReadOnlyList<StemOption> options, double targetFps, double cores = 1)
    {
        if (options.Count == 0) throw new ArgumentException("no stem option to choose from");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetFps);
        var feasible = options.Where(o => o.Fps * cores >= targetFps).ToList();
        return feasible.Count > 0
            ? feasible.MaxBy(o => (o.MeanAccuracy, o.Fps))!
            : options.MaxBy(o => o.Fps)!;
    }
}
