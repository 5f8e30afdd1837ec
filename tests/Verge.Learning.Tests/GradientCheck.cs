using Verge.Learning.Engine;

namespace Verge.Learning.Tests;

/// <summary>
/// Finite-difference gradient check: the loss is Σ outᵢ·rᵢ for fixed random rᵢ, accumulated in double; each
/// checked input or parameter element is nudged by ±ε and the central difference compared with backprop.
/// </summary>
internal static class GradientCheck
{
    public static void Run(Func<Tensor[], Tensor> forward, Tensor[] inputs, IReadOnlyList<NamedTensor>? parameters = null,
        float epsilon = 5e-3f, double tolerance = 1e-2, int maxChecksPerTensor = 60, int seed = 1)
    {
        var rng = new Rng(seed);
        foreach (var x in inputs) x.RequiresGrad = true;
        var output = forward(inputs);
        var weights = new float[output.Length];
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)rng.Normal();
        foreach (var x in inputs) if (x.Grad is { } g) Array.Clear(g);
        foreach (var p in parameters ?? []) if (p.Tensor.Grad is { } g) Array.Clear(g);
        output.Backward(weights);

        var checkedTensors = inputs.Select((t, i) => ($"input{i}", t))
            .Concat((parameters ?? []).Where(p => p.Trainable).Select(p => (p.Name, p.Tensor))).ToList();
        foreach (var (name, tensor) in checkedTensors)
        {
            var analytic = tensor.Grad?.ToArray() ?? new float[tensor.Length];
            var indices = Enumerable.Range(0, tensor.Length).ToArray();
            if (indices.Length > maxChecksPerTensor) { rng.Shuffle(indices); indices = indices[..maxChecksPerTensor]; }
            foreach (var i in indices)
            {
                float saved = tensor.Data[i];
                tensor.Data[i] = saved + epsilon;
                double plus = Loss(forward(inputs), weights);
                tensor.Data[i] = saved - epsilon;
                double minus = Loss(forward(inputs), weights);
                tensor.Data[i] = saved;
                double numeric = (plus - minus) / (2 * epsilon);
                double scale = Math.Max(1.0, Math.Max(Math.Abs(numeric), Math.Abs(analytic[i])));
                Assert.True(Math.Abs(numeric - analytic[i]) <= tolerance * scale,
                    $"{name}[{i}]: backprop {analytic[i]:G6}, finite difference {numeric:G6}");
            }
        }
    }

    private static double Loss(Tensor output, float[] weights)
    {
        double sum = 0;
        for (int i = 0; i < weights.Length; i++) sum += (double)output.Data[i] * weights[i];
        return sum;
    }

    /// <summary>Random normal values.</summary>
    public static Tensor Random(int seed, params int[] shape)
    {
        var rng = new Rng(seed);
        var t = new Tensor(shape);
        for (int i = 0; i < t.Length; i++) t.Data[i] = (float)rng.Normal();
        return t;
    }

    /// <summary>Distinct values 0.02 apart in random order, with none near zero: no max or ReLU kink within ε.</summary>
    public static Tensor Separated(int seed, params int[] shape)
    {
        var t = new Tensor(shape);
        var order = Enumerable.Range(0, t.Length).ToArray();
        new Rng(seed).Shuffle(order);
        for (int i = 0; i < t.Length; i++) t.Data[i] = (order[i] - t.Length / 2 + 0.5f) * 0.02f;
        return t;
    }
}
