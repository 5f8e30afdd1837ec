namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// The latency model's replay of one frame: image to outputs, tiles and compute per worker (the helpers in order,
/// then the device when it takes tiles), bytes to and from each helper, and the time the radio is busy.
/// </summary>
public sealed record TilePrediction(
    double LatencyMs,
    IReadOnlyList<int> TilesPerWorker,
    IReadOnlyList<double> ComputeMsPerWorker,
    IReadOnlyList<long> BytesToHelper,
    IReadOnlyList<long> BytesFromHelper,
    double RadioMs);
