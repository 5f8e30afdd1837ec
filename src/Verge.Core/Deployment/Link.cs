using Verge.Core.Units;

namespace Verge.Core.Deployment;

/// <summary>
/// A network link between two nodes, usable both ways. A message of B bytes crossing it one way takes
/// <c>Rtt/2 + B/Bandwidth</c>; <see cref="Schedule"/> changes bandwidth and RTT after given frame counts.
/// </summary>
public sealed record Link(string From, string To, Bandwidth Bandwidth, TimeSpan Rtt, IReadOnlyList<LinkPhase> Schedule)
{
    public Link(string from, string to, Bandwidth bandwidth, TimeSpan rtt) : this(from, to, bandwidth, rtt, [])
    {
    }

    public bool Connects(string a, string b) => (From == a && To == b) || (From == b && To == a);

    public string Other(string end) => end == From ? To : From;

    /// <summary>One-way time for <paramref name="bytes"/> in milliseconds: half the RTT plus serialisation.</summary>
    public double OneWayMs(double bytes) => Rtt.TotalMilliseconds / 2 + Bandwidth.TransferMs(bytes);

    /// <summary>The link as it is during frame <paramref name="frame"/> (0-based): the last phase that has begun.</summary>
    public Link AtFrame(int frame)
    {
        var phase = Schedule.Where(p => p.AfterFrames <= frame).MaxBy(p => p.AfterFrames);
        return phase is null ? this : this with { Bandwidth = phase.Bandwidth, Rtt = phase.Rtt };
    }

    public override string ToString() => $"{From}–{To} {Bandwidth} {Duration.Format(Rtt)}";
}
