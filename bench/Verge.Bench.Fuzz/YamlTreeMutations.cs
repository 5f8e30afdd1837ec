using YamlDotNet.RepresentationModel;

namespace Verge.Bench.Fuzz;

/// <summary>Mutations of a parsed spec: one value made absurd or of the wrong type, a field dropped or added, a list blown up.</summary>
public static class YamlTreeMutations
{
    private static readonly string[] Absurd =
    [
        "1e308", "-1e308", "1e-308", "-1", "0", "NaN", ".nan", ".inf", "-.inf", "99999999999999999999999", "-2147483649", "2147483648",
        "1e20ms", "-5ms", "0ms", "1e-300bps", "0bps", "-1Mbps", "1e30Mbps", "NaNMbps", "infGbps", "1e-308", "zoo:no-such-model",
        "zoo:", "/etc/passwd", "../../README.md", "", "~", "null", "true", "0x7FFFFFFF", "1_000", "5 Mbps", "fashion-mnist:nope:5",
        "fashion-mnist:test:-3", "device", "cloud", "edge", "🙂", new string('x', 5000),
    ];

    public static string Apply(Random rng, YamlMappingNode root)
    {
        var slots = new List<(YamlNode Parent, YamlNode Key, int Index)>();
        Collect(root, slots);
        if (slots.Count == 0) return "no slots";
        var (parent, key, index) = slots[rng.Next(slots.Count)];
        var where = key is YamlScalarNode k ? k.Value : $"[{index}]";
        switch (rng.Next(7))
        {
            case 0:
            case 1:
            {
                var v = Absurd[rng.Next(Absurd.Length)];
                Set(parent, key, index, new YamlScalarNode(v));
                return $"'{where}' = '{(v.Length > 40 ? v[..40] + "…" : v)}'";
            }
            case 2:
                Set(parent, key, index, rng.Next(2) == 0 ? new YamlSequenceNode(new YamlScalarNode("1"), new YamlScalarNode("2")) : new YamlMappingNode(new YamlScalarNode("fuzz"), new YamlScalarNode("1")));
                return $"'{where}' given the wrong type";
            case 3:
                if (parent is YamlMappingNode m) m.Children.Remove(key);
                else ((YamlSequenceNode)parent).Children.RemoveAt(index);
                return $"'{where}' removed";
            case 4:
                if (parent is YamlMappingNode m2 && !m2.Children.ContainsKey(new YamlScalarNode("fuzz_unknown")))
                    m2.Children.Add(new YamlScalarNode("fuzz_unknown"), new YamlScalarNode("1"));
                return $"unknown field beside '{where}'";
            case 5:
            {
                var item = Get(parent, key, index);
                // Copies of a big subtree are capped so the spec stays under about 200,000 YAML nodes.
                int cap = Math.Max(10, Math.Max(0, 200_000 - Size(root)) / Size(item));
                int n = Math.Min(cap, rng.Next(4) == 0 ? rng.Next(10_000, 100_000) : rng.Next(10, 500));
                var seq = new YamlSequenceNode();
                for (int i = 0; i < n; i++) seq.Children.Add(item);
                Set(parent, key, index, seq);
                // A subtree shared by earlier copies multiplies these ones: keep the whole spec near the budget.
                if (Size(root) > 300_000)
                {
                    while (seq.Children.Count > 10) seq.Children.RemoveAt(seq.Children.Count - 1);
                    n = 10;
                }
                return $"'{where}' made a list of {n} copies";
            }
            default:
            {
                if (Get(parent, key, index) is YamlScalarNode { Value: { } text })
                {
                    var number = new string(text.TakeWhile(c => char.IsDigit(c) || c is '.' or '-' or 'e').ToArray());
                    if (double.TryParse(number, out var x))
                    {
                        var factor = new[] { -1.0, 0.0, 1e300, 1e-300, double.NaN }[rng.Next(5)];
                        var v = (x * factor).ToString("R") + text[number.Length..];
                        Set(parent, key, index, new YamlScalarNode(v));
                        return $"'{where}' scaled to '{v}'";
                    }
                }
                return $"'{where}' left (not a number)";
            }
        }
    }

    private static int Size(YamlNode node) => node switch
    {
        YamlMappingNode m => 1 + m.Children.Sum(p => 1 + Size(p.Value)),
        YamlSequenceNode s => 1 + s.Children.Sum(Size),
        _ => 1,
    };

    private static void Collect(YamlNode node, List<(YamlNode, YamlNode, int)> slots)
    {
        if (node is YamlMappingNode m)
            foreach (var (k, v) in m.Children) { slots.Add((m, k, -1)); Collect(v, slots); }
        else if (node is YamlSequenceNode s)
            for (int i = 0; i < s.Children.Count; i++) { slots.Add((s, s.Children[i], i)); Collect(s.Children[i], slots); }
    }

    private static YamlNode Get(YamlNode parent, YamlNode key, int index) =>
        parent is YamlMappingNode m ? m.Children[key] : ((YamlSequenceNode)parent).Children[index];

    private static void Set(YamlNode parent, YamlNode key, int index, YamlNode value)
    {
        if (parent is YamlMappingNode m) m.Children[key] = value;
        else ((YamlSequenceNode)parent).Children[index] = value;
    }
}
