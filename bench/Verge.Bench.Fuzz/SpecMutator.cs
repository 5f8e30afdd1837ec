using System.Text;
using YamlDotNet.RepresentationModel;

namespace Verge.Bench.Fuzz;

/// <summary>
/// Spec mutants for `verge plan`: the example specs with values made absurd or of the wrong type, fields removed or
/// repeated, deep nesting, huge topologies, alias bombs, and plain byte damage.
/// </summary>
public static class SpecMutator
{
    private static readonly string[] SeedFiles = ["lenet5.yaml", "branchy-lenet5-ddnn.yaml", "model-selection.yaml", "resnet18-wifi-to-3g.yaml"];
    private static readonly Lazy<string[]> Seeds = new(() => SeedFiles.Select(f => Cheap(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", f)))).ToArray());

    /// <summary>
    /// The seeds made cheap to plan, so 10,000 mutants fit in minutes: variants get their accuracy (none measured on
    /// Fashion-MNIST per input) and ResNet-18 gives way to the small seeded DAG; the structure of each spec stays.
    /// </summary>
    private static string Cheap(string yaml) => yaml
        .Replace("model: zoo:cnn-small }", "model: zoo:cnn-small, accuracy: 0.91 }", StringComparison.Ordinal)
        .Replace("model: zoo:lenet5 }", "model: zoo:lenet5, accuracy: 0.89 }", StringComparison.Ordinal)
        .Replace("model: zoo:mlp }", "model: zoo:mlp, accuracy: 0.86 }", StringComparison.Ordinal)
        .Replace("zoo:resnet18", "zoo:tiny-dag", StringComparison.Ordinal);

    public static FuzzCase Create(int seed, int index)
    {
        var rng = new Random(Mix.Of(seed, index, 2));
        int s = rng.Next(SeedFiles.Length);
        var text = Mutate(rng, Seeds.Value[s], out var what);
        return new FuzzCase("specs", index, "plan", $"{SeedFiles[s]}: {what}", Encoding.UTF8.GetBytes(text), ".yaml");
    }

    private static string Mutate(Random rng, string yaml, out string what)
    {
        int kind = rng.Next(20);
        if (kind < 10)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            int n = 1 + rng.Next(3);
            var done = new List<string>();
            for (int i = 0; i < n; i++) done.Add(YamlTreeMutations.Apply(rng, (YamlMappingNode)stream.Documents[0].RootNode));
            what = string.Join("; ", done);
            var w = new StringWriter();
            stream.Save(w, assignAnchors: false);
            return w.ToString();
        }
        switch (kind)
        {
            case 10:
            case 11:
            {
                // Deep nesting in flow style, built as text: the fuzzer must not recurse to write it.
                int depth = rng.Next(4) == 0 ? rng.Next(10_000, 60_000) : rng.Next(50, 2_000);
                bool list = rng.Next(2) == 0;
                var open = list ? "[" : "{a: ";
                var close = list ? "]" : "}";
                // Either a new top-level key, or the links section replaced (a spec keeps links last).
                bool links = rng.Next(2) == 0;
                what = $"nested {(list ? "lists" : "maps")} {depth} deep {(links ? "as the links" : "under a new key")}";
                var sb = links ? new StringBuilder(yaml[..yaml.IndexOf("\nlinks:", StringComparison.Ordinal)]).Append("\nlinks: ") : new StringBuilder(yaml).Append("\nfuzz: ");
                for (int i = 0; i < depth; i++) sb.Append(open);
                sb.Append('1');
                for (int i = 0; i < depth; i++) sb.Append(close);
                sb.Append('\n');
                return sb.ToString();
            }
            case 12:
            {
                int nodes = rng.Next(4) == 0 ? rng.Next(500, 3_000) : rng.Next(2, 200);
                bool chain = rng.Next(2) == 0;
                what = $"{nodes} nodes, {(chain ? "a chain" : "a star")} of links";
                return Topology(yaml, nodes, chain, rng);
            }
            case 13:
            {
                int levels = rng.Next(3, 9);
                what = $"alias bomb, {levels} levels of 9";
                var sb = new StringBuilder(yaml).Append("\nfuzz0: &a0 [x, x, x, x, x, x, x, x, x]\n");
                for (int i = 1; i <= levels; i++) sb.Append($"fuzz{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
                return sb.ToString();
            }
            case 14:
            case 15:
            {
                var lines = yaml.Split('\n').ToList();
                int at = rng.Next(lines.Count);
                lines.Insert(at, lines[at]);
                what = $"line {at + 1} repeated (duplicate key or node)";
                return string.Join('\n', lines);
            }
            case 16:
                what = "a second device node";
                return yaml.Replace("\nnodes:\n", "\nnodes:\n  - { name: twin, tier: device, speed: 1.0 }\n", StringComparison.Ordinal);
            default:
            {
                var b = ByteMutations.Apply(rng, Encoding.UTF8.GetBytes(yaml), out what);
                return Encoding.UTF8.GetString(b);
            }
        }
    }

    private static string Topology(string yaml, int count, bool chain, Random rng)
    {
        var head = yaml[..yaml.IndexOf("\nnodes:", StringComparison.Ordinal)];
        var sb = new StringBuilder(head).Append("\nnodes:\n");
        sb.Append("  - { name: n0, tier: device, speed: 0.1, power: { compute_w: 1.5, idle_w: 0.2, radio_w: 0.8 } }\n");
        for (int i = 1; i < count; i++) sb.Append($"  - {{ name: n{i}, tier: {(i == count - 1 ? "cloud" : "edge")}, speed: {1 + rng.Next(5)} }}\n");
        sb.Append("links:\n");
        for (int i = 1; i < count; i++) sb.Append($"  - {{ from: n{(chain ? i - 1 : 0)}, to: n{i}, bandwidth: {1 + rng.Next(100)}Mbps, rtt: {rng.Next(1, 50)}ms }}\n");
        return sb.ToString();
    }
}
