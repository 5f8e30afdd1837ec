using Verge.Core.Deployment;
using Verge.Net.Links;

namespace Verge.Net.Execution;

/// <summary>
/// One emulated link standing for a path of spec links, store and forward: the RTTs add up, and so do the
/// per-link transmit times (1/b = Σ 1/bᵢ), which is exactly what the cost model predicts for the path.
/// </summary>
public static class PathLink
{
    public static LinkParameters For(IReadOnlyList<Link> path)
    {
        if (path.Count == 0) return LinkParameters.Unlimited;
        double secondsPerBit = path.Sum(l => 1.0 / l.Bandwidth.BitsPerSecond);
        var rtt = TimeSpan.FromTicks(path.Sum(l => l.Rtt.Ticks));
        return new LinkParameters(1.0 / secondsPerBit, rtt);
    }

    public static LinkParameters Between(Topology topology, string from, string to) =>
        For(topology.Path(from, to) ?? throw new Core.Errors.InputException($"no route from '{from}' to '{to}'; add a link"));
}
