namespace Verge.Net.Tiles;

/// <summary>
/// One frame run input-wise: the model's outputs, the time from image to outputs, how many tiles each helper took
/// from the shared queue (work stealing: faster helpers take more), the most activation memory any one tile needed
/// on each helper, and tiles the device computed itself (as a worker beside the helpers, or because helpers were lost).
/// </summary>
public sealed record TileFrame(
    IReadOnlyDictionary<string, float[]> Outputs,
    TimeSpan Latency,
    IReadOnlyDictionary<string, int> TilesPerHelper,
    IReadOnlyDictionary<string, long> PeakActivationBytesPerHelper,
    int TilesOnDevice);
