namespace Verge.Inference.Serving.Allocation;

/// <summary>One knob setting of a stream — frames per second processed and the model variant — with its cost on the
/// server (work units per second, e.g. MACs/s) and the accuracy the stream's profile gives it.</summary>
public sealed record KnobPoint(double FrameRate, string Variant, double Cost, double Accuracy)
{
    public override string ToString() => $"{Variant}@{FrameRate:0.##}fps";
}
