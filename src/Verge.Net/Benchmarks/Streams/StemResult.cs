namespace Verge.Net.Benchmarks.Streams;

/// <summary>The shared-stem study: the backbone's accuracy, a row per sharing depth (0 = three separate models), and
/// Mainstream's choice for a target of twice the separate models' frame rate.</summary>
public sealed record StemResult(double BackboneAccuracy, IReadOnlyList<StemRow> Rows, double TargetFps, StemRow Chosen)
{
    public StemRow Separate => Rows.Single(r => r.SharedLayers == 0);
    public double FpsShared => Chosen.Fps;
    public double FpsSeparate => Separate.Fps;
    public double MaxAccuracyDrop => Chosen.Drop.Values.Max();
}
