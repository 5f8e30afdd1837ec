using Verge.Core.Deployment;
using Verge.Inference.Planning;
using Verge.Net.Links;

namespace Verge.Net.Execution;

/// <summary>
/// Time dilation (Gupta et al., "To Infinity and Beyond: Time-Warped Network Emulation", NSDI 2006): a node faster
/// than this host cannot be emulated by holding its stages, so the whole emulation runs <see cref="Factor"/> = k
/// times slower instead, with k at least every node's speed. Each node then takes its profiled time × k ÷ speed
/// (<see cref="Stages.ComputePacer.Paced"/>: never less than this host's own time), every link k times as long (RTT × k,
/// bandwidth ÷ k), and what is measured is divided by k. The RPC stack is not slowed: its cost shows ÷ k, and the
/// predictions say so (<see cref="Message"/>). k = 1 is no dilation.
/// </summary>
public sealed record TimeDilation
{
    public TimeDilation(double factor)
    {
        if (!(factor >= 1) || !double.IsFinite(factor))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "a time dilation factor is a finite number ≥ 1");
        Factor = factor;
    }

    public static TimeDilation None { get; } = new(1.0);

    /// <summary>k: how many times slower the emulation runs than the time it stands for.</summary>
    public double Factor { get; }

    public bool InEffect => Factor > 1;

    /// <summary>The smallest k that emulates every node of <paramref name="topology"/> (its fastest speed, op speeds included), 1 when none is faster than this host.</summary>
    public static TimeDilation For(Topology topology) =>
        new(topology.Nodes.SelectMany(n => n.OpSpeeds.Values.Append(n.Speed)).Append(1.0).Max());

    /// <summary>A link as it runs dilated: k times the RTT, 1/k of the bandwidth (so serialisation takes k times as long).</summary>
    public LinkParameters Link(LinkParameters link) =>
        !InEffect ? link : new LinkParameters(link.BandwidthBitsPerSecond / Factor, link.Rtt * Factor);

    /// <summary>A duration measured in the dilated emulation, in the time it stands for (÷ k).</summary>
    public double Real(double measuredMs) => measuredMs / Factor;

    /// <summary>The RPC stack's cost as it shows after ÷ k (it runs at this host's speed, undilated).</summary>
    public MessageCost Message(MessageCost measured) =>
        !InEffect ? measured : new MessageCost(measured.FixedMs / Factor, measured.MsPerMegabyte / Factor);

    public override string ToString() => InEffect ? $"×{Factor:0.##}" : "none";
}
