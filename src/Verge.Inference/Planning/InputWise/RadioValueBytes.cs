namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// What one value of a map costs on the radio, for the latency model: the model input declared a camera's 8-bit image
/// (<see cref="U8Input"/>: 1 byte), a post-ReLU map under the zero-bitmap codec (4 × <see cref="ZeroBitmap.Ratio"/> of
/// its zero share, measured on a frame), any other map 4 bytes (float32).
/// </summary>
public sealed record RadioValueBytes(string? U8Input, IReadOnlyDictionary<string, double> ZeroShares)
{
    /// <summary>Float32 everywhere, as without either lever.</summary>
    public static RadioValueBytes Float32 { get; } = new(null, new Dictionary<string, double>());

    public double Of(string map) =>
        map == U8Input ? 1 : 4 * (ZeroShares.TryGetValue(map, out var zeros) ? ZeroBitmap.Ratio(zeros) : 1);

    /// <summary><paramref name="timing"/> with <paramref name="block"/>'s input and output maps priced so.</summary>
    public TileTiming Apply(TileTiming timing, FusedBlock block) =>
        timing with { InBytesPerValue = Of(block.Input), OutBytesPerValue = Of(block.Output) };
}
