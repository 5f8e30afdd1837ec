namespace Verge.Net.Benchmarks.Streams;

/// <summary>
/// One model variant of a stream's knob family as the server would run it on every frame: its answer and the MACs it
/// spends on each frame. A plain model spends the same on every frame; an early-exit model spends what the exits it
/// passed cost, so its cost depends on the content (a hard frame goes deeper).
/// </summary>
public sealed record KnobVariant(string Name, int[] Answers, double[] Macs)
{
    public static KnobVariant Fixed(string name, int[] answers, long macs) => new(name, answers, Enumerable.Repeat((double)macs, answers.Length).ToArray());
}
