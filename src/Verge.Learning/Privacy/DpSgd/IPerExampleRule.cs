using Verge.Learning.Engine;

namespace Verge.Learning.Privacy.DpSgd;

/// <summary>
/// How one kind of layer yields its parameters' gradient for every example of a batch, from what one batched
/// forward and backward pass left behind (the layer's input or patches, and the gradient at its output) — never
/// one backward pass per example (the Opacus grad_sample design: one rule per layer type).
/// </summary>
internal interface IPerExampleRule
{
    /// <summary>The parameters whose per-example gradients this rule gives.</summary>
    IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>Called after the layer's forward pass with its input and output.</summary>
    void Record(Tensor input, Tensor output);

    /// <summary>After backward: adds ‖gᵢ‖² of this layer's parameters to <paramref name="norms"/>[i] for each example i.</summary>
    void AddSquaredNorms(Span<double> norms);

    /// <summary>After backward: overwrites the parameters' gradients with Σᵢ wᵢ·gᵢ.</summary>
    void WriteWeightedSum(ReadOnlySpan<float> weights);
}
