using Verge.Learning.Federated;
using Verge.Learning.Federated.AdaptiveTau;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Models;

namespace Verge.Learning.Tests.Federated;

/// <summary>A client's side of Wang et al.'s estimates: ρ_i and β_i where they are known, the gradient's sketch, and the envelope that carries them.</summary>
public sealed class LocalEstimateTests
{
    // F(w) = ½ Σ a_j w_j² + Σ b_j w_j: ∇F = a∘w + b, so moving along coordinate j changes the gradient by a_j per unit.
    private static readonly float[] A = [1f, 4f, 9f], B = [0.5f, -1f, 2f];

    private static (double, float[]) Quadratic(float[] w)
    {
        double loss = 0;
        var g = new float[w.Length];
        for (int j = 0; j < w.Length; j++) (loss, g[j]) = (loss + 0.5 * A[j] * w[j] * w[j] + B[j] * w[j], A[j] * w[j] + B[j]);
        return (loss, g);
    }

    [Fact]
    public void OnAQuadraticBetaIsTheCurvatureAlongTheMoveAndRhoTheLossSlope()
    {
        float[] start = [1f, 1f, 1f], trained = [1f, 0.5f, 1f];
        var e = LocalEstimator.Estimate(start, trained, Quadratic, sketchWidth: 1024, probeSamples: 16);
        Assert.Equal(4, e.Beta, 5);
        // F(start) − F(trained) = ½·4·(1 − 0.25) − 1·(1 − 0.5) = 1, over a move of 0.5.
        Assert.Equal(2, e.Rho, 5);
        Assert.Equal(32, e.ProbeSamples);
        // ∇F(start) = (1.5, 3, 11): three values in 1024 buckets, so the sketch keeps its norm exactly unless two collide.
        Assert.Equal(Math.Sqrt(1.5 * 1.5 + 9 + 121), System.Numerics.Tensors.TensorPrimitives.Norm(e.GradientSketch), 3);
        Assert.Equal(0, LocalEstimator.Estimate(start, start, Quadratic, 8, 16).Beta);
    }

    [Fact]
    public void TheSketchIsLinearAndKeepsTheNorm()
    {
        var rng = new Random(3);
        var x = Enumerable.Range(0, 50_000).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var y = Enumerable.Range(0, 50_000).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var (sx, sy, sum) = (GradientSketch.Of(x, 1024), GradientSketch.Of(y, 1024), GradientSketch.Of(x.Zip(y, (a, b) => a + b).ToArray(), 1024));
        for (int k = 0; k < 1024; k++) Assert.Equal(sx[k] + sy[k], sum[k], 2);
        double norm = System.Numerics.Tensors.TensorPrimitives.Norm(x);
        Assert.InRange(System.Numerics.Tensors.TensorPrimitives.Norm(sx) / norm, 0.9, 1.1);
    }

    [Fact]
    public void TheEnvelopeCarriesTheEstimatesAndCountsTheirBytes()
    {
        var estimate = new LocalEstimate(0.7, 3.5, [1f, -2f, 0.5f], 64);
        var envelope = new UpdateEnvelope(2, 1, 0, new Fp32Codec().Encode([0.1f, 0.2f]), 10, 5, 1.0) { Estimate = estimate };
        var intake = new UpdateIntake(2);
        var (update, rejection) = intake.Accept(envelope, 1, 0, new HashSet<int> { 2 });
        Assert.Null(rejection);
        Assert.Same(estimate, update!.Estimate);
        Assert.Equal(envelope.Payload.Length + 8 + 8 + 12 + 4, update.UplinkBytes);
        var bad = envelope with { Estimate = estimate with { Beta = double.NaN } };
        Assert.Contains("adaptive-τ", intake.Accept(bad, 1, 0, new HashSet<int> { 2 }).Rejection);
    }

    [Fact]
    public async Task AClientAskedForEstimatesSendsThemWithItsUpdate()
    {
        var data = await TestData.TrainAsync(96);
        var model = TrainableZoo.Create("mlp-small", 1);
        var client = new FederatedClient(0, model, data, new Fp32Codec(), batchSize: 16);
        var weights = ModelVector.Get(model);
        var config = new FitConfig(3, 16, 0.1f) { Estimate = new EstimateRequest(32, 64) };
        var envelope = client.Fit(new FitInstruction(0, 1, 0, weights, config));
        var e = envelope.Estimate!;
        Assert.True(e is { Rho: > 0, Beta: > 0, ProbeSamples: 64 }, $"{e}");
        Assert.Equal(64, e.GradientSketch.Length);
        Assert.Null(client.Fit(new FitInstruction(0, 2, 0, weights, config with { Estimate = null })).Estimate);
        // The probe is deterministic: at one point, twice, the same loss and gradient.
        var probe = new ModelProbe(model, data.Take(32));
        var (l1, g1) = probe.At(weights);
        var g1Copy = (float[])g1.Clone();
        var (l2, g2) = probe.At(weights);
        Assert.Equal(l1, l2);
        Assert.Equal(g1Copy, g2);
    }
}
