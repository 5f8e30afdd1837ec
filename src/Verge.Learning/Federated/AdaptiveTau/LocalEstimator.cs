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
        var startGradient = (float[])gradStart.Clone(); // the probe may reuse its buffers at the next point
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
        return new LocalEstimate(rho, beta, GradientSketch.Of(startGradient, sketchWidth), 2 * probeSamples);
    }
}
