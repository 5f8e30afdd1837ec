using Verge.Inference.Planning;

namespace Verge.Net.Tiles;

/// <summary>
/// `verge run` of the input-wise plan: measured latency against the plan's prediction, the outputs against the whole
/// model on the device, tiles per helper over the run, and peak activation memory per node (helpers: their largest
/// tile; the device: the rest of the model with the stitched map, or the whole model when it runs alone).
/// </summary>
public sealed record InputWiseReport(
    Plan Plan,
    string Grid,
    string BlockEnd,
    int Frames,
    double P50Ms,
    double P95Ms,
    double MaxRelDiff,
    IReadOnlyDictionary<string, int> TilesPerHelper,
    IReadOnlyDictionary<string, long> PeakActivationBytes,
    long DeviceOnlyPeakActivationBytes,
    int TilesOnDevice);
