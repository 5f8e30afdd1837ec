namespace Verge.Inference.Serving.Allocation;

/// <summary>One knob setting of a stream — frames per second processed and the model variant — with its cost on the
/// server (work units per second, e.g. MACs/s) and the accuracy the stream's profile gives it. <c>Latency</c> is the
/// seconds one processed frame takes to answer once it has the server's share it asked for.</summary>
public sealed record KnobPoint(double FrameRate, string Variant, double Cost, double Accuracy, double Latency = 0)
{
    /// <summary>How far the stream's answer trails real time under this setting (VideoStorm's lag, NSDI 2017 §3): the
    /// answer of a processed frame stands for the whole 1/rate interval until the next one, plus the time to answer
    /// it. A setting whose lag passes the stream's bound is infeasible for that stream.</summary>
    public double Lag => 1 / FrameRate + Latency;

    public override string ToString() => $"{Variant}@{FrameRate:0.##}fps";
}
