namespace Verge.Learning.Federated.Codecs;

/// <summary>
/// Deep Gradient Compression settings: final density (0.001 = 99.9% sparsity), momentum of the correction, the
/// local clipping norm (0: off), and how many encodes the exponential sparsity warm-up lasts.
/// </summary>
/// <remarks>
/// Momentum is 0 by default because what a federated client encodes is not one gradient but the model delta of a
/// whole round of local momentum SGD, applied once by the server. Lin et al.'s correction (u = m·u + g) reproduces
/// a dense momentum-SGD step; on round deltas it re-applies every delta 1/(1 − m) times over the next rounds (10×
/// at m = 0.9) — the over-shoot that made <c>dgc:0.001</c> end at 67.69% against fp32's 85.95% (issue #18; 82.06%
/// without it, docs/results/codecs.md). Use
/// m &gt; 0 only where each update is a single gradient (one local step, momentum 0).
/// </remarks>
public sealed record DgcOptions(double Density = 0.001, float Momentum = 0f, float ClipNorm = 0f, int WarmupUpdates = 4);
