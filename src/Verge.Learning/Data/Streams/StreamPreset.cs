using Verge.Core.Errors;

namespace Verge.Learning.Data.Streams;

/// <summary>
/// The scene statistics of a generated stream: how long an item stays in view (frames, uniform in
/// [<see cref="MinDwell"/>, <see cref="MaxDwell"/>]), camera noise (Gaussian σ on pixels in [0, 1]), how often the
/// camera shakes by a pixel, how often the light changes (a new gain in [0.75, 1.15]) and, for drifting content,
/// the class subsets the stream walks through (<see cref="SubsetFrames"/> frames each).
/// </summary>
public sealed record StreamPreset(string Name, int MinDwell, int MaxDwell, double NoiseSigma, double ShakeProbability,
    double LightChangeProbability, int Fps = 30)
{
    /// <summary>Class subsets the content drifts through in turn; null: all ten classes all the time.</summary>
    public IReadOnlyList<int[]>? ClassSubsets { get; init; }

    /// <summary>Frames spent on each class subset before the content drifts to the next.</summary>
    public int SubsetFrames { get; init; } = 600;

    /// <summary>A parked camera: items stay 1–4 s, little shake, rare light changes.</summary>
    public static StreamPreset Static { get; } = new("static", 30, 120, 0.03, 0.05, 0.005);

    /// <summary>A busy street: items stay 0.1–0.5 s, more noise and shake, frequent light changes.</summary>
    public static StreamPreset Busy { get; } = new("busy", 3, 15, 0.05, 0.3, 0.02);

    /// <summary>Content that drifts between class subsets (Precog's setting): a static camera whose items come
    /// from three classes at a time, a new subset every 20 s.</summary>
    public static StreamPreset Drifting { get; } = new("drifting", 15, 60, 0.03, 0.05, 0.005)
    {
        ClassSubsets = [[1, 8, 9], [0, 3, 5], [2, 7, 8], [1, 4, 5], [3, 7, 9]],
    };

    public static IReadOnlyList<string> Names { get; } = ["static", "busy", "drifting"];

    public static StreamPreset Named(string name) => name.ToLowerInvariant() switch
    {
        "static" => Static,
        "busy" => Busy,
        "drifting" => Drifting,
        _ => throw new UsageException($"unknown stream preset '{name}'; choose one of: {string.Join(", ", Names)}"),
    };
}
