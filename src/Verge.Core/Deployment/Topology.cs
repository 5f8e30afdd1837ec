using Verge.Core.Units;

namespace Verge.Core.Deployment;

/// <summary>The nodes of a deployment and the links between them; finds the route between any two nodes.</summary>
public sealed class Topology
{
    public Topology(IReadOnlyList<Node> nodes, IReadOnlyList<Link> links)
    {
        Nodes = nodes;
        Links = links;
        var names = nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        if (names.Count != nodes.Count) throw new ArgumentException("node names must be unique", nameof(nodes));
        foreach (var l in links)
            if (!names.Contains(l.From) || !names.Contains(l.To))
                throw new ArgumentException($"link {l.From}–{l.To} names an unknown node", nameof(links));
        Adjacent = new(() =>
        {
            var adjacent = new Dictionary<string, List<Link>>(StringComparer.Ordinal);
            foreach (var l in links)
                foreach (var end in new[] { l.From, l.To })
                {
                    if (!adjacent.TryGetValue(end, out var list)) adjacent[end] = list = [];
                    list.Add(l);
                }
            return adjacent;
        });
    }

    public IReadOnlyList<Node> Nodes { get; }
    private Lazy<Dictionary<string, List<Link>>> Adjacent { get; }
    public IReadOnlyList<Link> Links { get; }

    /// <summary>The first device-tier node: where inputs arrive and results are wanted.</summary>
    public Node Device => Nodes.FirstOrDefault(n => n.Tier == Tier.Device && !n.Helper) ?? throw new InvalidOperationException("the topology has no device node");

    /// <summary>Device-tier nodes that compute tiles for the device (<see cref="Node.Helper"/>), in declaration order.</summary>
    public IReadOnlyList<Node> Helpers => Nodes.Where(n => n.Helper).ToList();

    public Node this[string name] => Nodes.FirstOrDefault(n => n.Name == name)
        ?? throw new KeyNotFoundException($"no node '{name}'");

    public Node? FirstOf(Tier tier) => Nodes.FirstOrDefault(n => n.Tier == tier);

    /// <summary>
    /// The links from <paramref name="from"/> to <paramref name="to"/>, fewest hops first (breadth-first, in
    /// declaration order); empty when from == to; null when no route exists.
    /// </summary>
    public IReadOnlyList<Link>? Path(string from, string to)
    {
        var via = Search(from, to);
        if (!via.ContainsKey(to)) return null;
        var path = new List<Link>();
        for (var at = to; via[at] is { } l; at = l.Other(at)) path.Add(l);
        path.Reverse();
        return path;
    }

    /// <summary>The names of every node a route from <paramref name="from"/> reaches (itself included).</summary>
    public IReadOnlySet<string> ReachableFrom(string from) => Search(from, null).Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Breadth-first from <paramref name="from"/>, stopping once <paramref name="to"/> is reached: each node's link
    /// that first reached it. Neighbours come from the adjacency lists in declaration order, so a search is linear
    /// in nodes and links (scanning every link at every step made checking a 3,000-node chain cubic).
    /// </summary>
    private Dictionary<string, Link?> Search(string from, string? to)
    {
        var via = new Dictionary<string, Link?>(StringComparer.Ordinal) { [from] = null };
        var queue = new Queue<string>([from]);
        while (queue.Count > 0 && (to is null || !via.ContainsKey(to)))
        {
            var at = queue.Dequeue();
            foreach (var link in Adjacent.Value.TryGetValue(at, out var links) ? links : [])
            {
                var next = link.Other(at);
                if (via.TryAdd(next, link)) queue.Enqueue(next);
            }
        }
        return via;
    }

    /// <summary>The topology as it is during frame <paramref name="frame"/>, with every link's schedule applied.</summary>
    public Topology AtFrame(int frame) => new(Nodes, Links.Select(l => l.AtFrame(frame)).ToList());

    /// <summary>
    /// A copy where every node computes <paramref name="factor"/> × as fast (its speed, per-op and per-layer speeds):
    /// for speeds written relative to one reference machine, run on a host that is <paramref name="factor"/> × as slow.
    /// </summary>
    public Topology WithSpeedsScaled(double factor)
    {
        if (!(factor > 0) || double.IsInfinity(factor)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "a speed factor is a positive number");
        static IReadOnlyDictionary<string, double> Scaled(IReadOnlyDictionary<string, double> speeds, double f) =>
            speeds.ToDictionary(p => p.Key, p => p.Value * f, StringComparer.Ordinal);
        return new(Nodes.Select(n => n with { Speed = n.Speed * factor, OpSpeeds = Scaled(n.OpSpeeds, factor), LayerSpeeds = Scaled(n.LayerSpeeds, factor) }).ToList(), Links);
    }

    /// <summary>A copy where the link between <paramref name="a"/> and <paramref name="b"/> has another bandwidth.</summary>
    public Topology WithBandwidth(string a, string b, Bandwidth bandwidth)
    {
        if (!Links.Any(l => l.Connects(a, b))) throw new KeyNotFoundException($"no link between '{a}' and '{b}'");
        return new(Nodes, Links.Select(l => l.Connects(a, b) ? l with { Bandwidth = bandwidth, Schedule = [] } : l).ToList());
    }
}
