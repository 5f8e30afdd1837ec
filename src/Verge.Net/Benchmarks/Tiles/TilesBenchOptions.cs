using Verge.Inference.Graph;
using Verge.Inference.Planning.InputWise;

namespace Verge.Net.Benchmarks.Tiles;

/// <summary>
/// What `verge bench tiles` sweeps: models × grids × helper counts, every node (device and helpers) emulated at
/// <see cref="Speed"/> of this host, the device's radio at <see cref="LinkMbps"/> shared by all helpers.
/// </summary>
public sealed record TilesBenchOptions
{
    public IReadOnlyList<ModelGraph> Models { get; init; } = [];

    public IReadOnlyList<TileGrid> Grids { get; init; } = [new(2, 2), new(3, 3), new(4, 4), new(5, 5)];

    public IReadOnlyList<int> HelperCounts { get; init; } = [1, 2, 3, 4, 5, 6];

    /// <summary>Speed of the device and of each helper relative to this host: 0.02 is a node 50× slower (a Raspberry Pi class board beside a server core).</summary>
    public double Speed { get; init; } = 0.02;

    public double LinkMbps { get; init; } = 10;

    public double RttMs { get; init; } = 5;

    public int Frames { get; init; } = 5;

    /// <summary>
    /// The model input declared a camera's 8-bit image: every row then runs one 8-bit camera frame (<see cref="CameraFrame"/>;
    /// the float rows its normalised values, as before), and the latency-optimal layouts run once more with 8-bit windows and
    /// zero-bitmap strips (schedules suffixed " u8+zb"). Null: seeded uniform random floats, float rows only.
    /// </summary>
    public ImageNormalization? U8Input { get; init; }
}
