using System.Numerics.Tensors;

namespace Verge.Learning.Federated.AdaptiveTau;

/// <summary>
/// A client's side of Wang et al.'s control (JSAC 2019, Algorithm 3, lines 3–4): the loss and its gradient at two
/// points, the round's start w and the client's own weights w_i after τ local steps, on one fixed probe batch. The same
/// batch at both points keeps mini-batch noise out of the differences, so β_i measures curvature, not noise.
/// </summary>
public static class LocalEstimator
{
    /// <param name="lossAndGradient">F_i and ∇F_i at a point (a full model vector), on the probe batch.</param>
    /// <param name="probeSamples">The probe's size, for the compute it costs (two points).</param>
    public static LocalEstimate Estimate(float[] start, float[] trained, Func<float[], (double Loss, float[] Gradient)> lossAndGradient,
        int sketchWidth, int probeSamples)
    {
        var (lossStart, gradStart) = lossAndGradient(start);
        return Between(lossStart, (float[])gradStart.Clone(), start, trained, lossAndGradient, sketchWidth, probeSamples); // the probe may reuse its buffers at the next point
    }

    /// <summary>
    /// What <paramref name="request"/> asks for on the client's probe. For AdaComm the start point is evaluated as the probe's
    /// two halves (same compute), which also gives F_i(w) and σ² of a half-probe gradient; a mini-batch gradient's variance
    /// falls as 1/batch, so σ² of one training step of <paramref name="batchSize"/> samples is that times half/batch.
    /// </summary>
    public static LocalEstimate Estimate(EstimateRequest request, ModelProbe probe, float[] start, float[] trained, int batchSize)
    {
        if (!request.LossAndVariance) return Estimate(start, trained, probe.At, request.SketchWidth, probe.Samples);
        var (loss, gradient, variance, half) = probe.Halves(start);
        var estimate = Between(loss, gradient, start, trained, probe.At, request.SketchWidth, probe.Samples);
        return estimate with { Loss = loss, Variance = variance * half / Math.Max(1, batchSize) };
    }

    private static LocalEstimate Between(double lossStart, float[] startGradient, float[] start, float[] trained,
        Func<float[], (double Loss, float[] Gradient)> lossAndGradient, int sketchWidth, int probeSamples)
    {
        var (lossEnd, gradEnd) = lossAndGradient(trained);
        var diff = new float[start.Length];
        TensorPrimitives.Subtract(trained, start, diff);
        double moved = TensorPrimitives.Norm(diff);
        double rho = 0, beta = 0;
        if (moved > 0)
        {
            rho = Math.Abs(lossEnd - lossStart) / moved;
            TensorPrimitives.Subtract(gradEnd, startGradient, diff);
            beta = TensorPrimitives.Norm(diff) / moved;
        }
        var sketch = sketchWidth > 0 ? GradientSketch.Of(startGradient, sketchWidth) : [];
        return new LocalEstimate(rho, beta, sketch, 2 * probeSamples);
    }
}
