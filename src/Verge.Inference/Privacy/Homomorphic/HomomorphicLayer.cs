using System.Numerics;

namespace Verge.Inference.Privacy.Homomorphic;

/// <summary>
/// One dense layer in the encoding: <see cref="Weights"/> is K×N row-major, scaled by 2^f; <see cref="Bias"/> is at
/// the layer's output scale; <see cref="Bound"/> is the largest |output| any input in [−1, 1] can give.
/// </summary>
public sealed record HomomorphicLayer(string Name, int K, int N, long[] Weights, BigInteger[] Bias, BigInteger Bound, bool Relu);
