namespace Verge.Learning.Federated.Codecs;

/// <summary>
/// Deep Gradient Compression settings: final density (0.001 = 99.9% sparsity), momentum for the correction,
/// the local clipping norm (0: off), and how many encodes the exponential sparsity warm-up lasts.
/// </summary>
public sealed record DgcOptions(double Density = 0.001, float Momentum = 0.9f, float ClipNorm = 0f, int WarmupUpdates = 4);
