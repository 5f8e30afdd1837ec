namespace Verge.Inference.Privacy.TwoParty;

/// <summary>A linear layer's weights as the matrix product wants them: Matrix is K×N (row-major), Bias has N.</summary>
public sealed record LinearWeights(int K, int N, float[] Matrix, float[] Bias);
