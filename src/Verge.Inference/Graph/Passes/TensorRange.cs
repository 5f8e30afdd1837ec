namespace Verge.Inference.Graph.Passes;

/// <summary>The real-valued interval an activation tensor's 8-bit grid covers.</summary>
public readonly record struct TensorRange(float Min, float Max)
{
    public float Width => Max - Min;
}
