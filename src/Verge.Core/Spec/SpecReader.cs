using System.Globalization;
using Verge.Core.Deployment;
using Verge.Core.Errors;
using Verge.Core.Units;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Verge.Core.Spec;

/// <summary>
/// Walks the YAML tree of a spec by hand, so that every error names its field (<c>links[0].to</c>) and unknown keys
/// are refused rather than silently ignored.
/// </summary>
internal sealed partial class SpecReader(string source)
{
    private static readonly string[] TopKeys = ["app", "nodes", "links"];
    private static readonly string[] AppKeys = ["model", "input", "objective", "slo", "codec", "variants", "exits", "stream", "privacy", "moves", "input_format"];
    private static readonly string[] StreamKeys = ["preset", "frames", "seed", "gate", "threshold", "target_drop"];
    private static readonly string[] PrivacyKeys = ["features"];
    private static readonly string[] FeatureKeys = ["epsilon", "nullification", "clip"];
    private static readonly string[] SloKeys = ["latency_ms", "min_accuracy"];
    private static readonly string[] VariantKeys = ["name", "model", "accuracy"];
    private static readonly string[] ExitKeys = ["thresholds", "target_accuracy", "measure"];
    private static readonly string[] NodeKeys = ["name", "tier", "speed", "op_speeds", "power", "helper", "ep", "profile"];
    private static readonly string[] Providers = ["cpu", "cuda"];
    private static readonly string[] PowerKeys = ["compute_w", "idle_w", "radio_w"];
    private static readonly string[] LinkKeys = ["from", "to", "bandwidth", "rtt", "schedule"];
    private static readonly string[] PhaseKeys = ["after_frames", "bandwidth", "rtt"];
    private static readonly string[] Inputs = ["random", "zeros", "fashion-mnist:test", "fashion-mnist:train"];

    private readonly YamlFields yaml = new(source);

    public DeploymentSpec Read(string text)
    {
        var document = yaml.Load(text) ?? throw yaml.Fail("(top)", "the spec is empty; it needs app, nodes and links (see examples/lenet5.yaml)");
        var root = yaml.Map(document, "(top)", TopKeys);
        var nodes = ReadNodes(yaml.Required(root, "nodes", "(top)"));
        var app = ReadApp(yaml.Required(root, "app", "(top)"), nodes);
        var links = root.TryGetValue("links", out var l) ? ReadLinks(l, nodes) : [];
        var topology = new Topology(nodes, links);
        CheckReachable(topology);
        return new DeploymentSpec(source, app, topology);
    }

    private AppSpec ReadApp(YamlNode node, IReadOnlyList<Node> nodes)
    {
        var map = yaml.Map(node, "app", AppKeys);
        var variants = map.TryGetValue("variants", out var vs) ? ReadVariants(vs) : [];
        var model = variants.Count > 0 && !map.ContainsKey("model") ? variants[0].Model : yaml.Text(yaml.Required(map, "model", "app"), "app.model");
        if (model.Length == 0) throw yaml.Fail("app.model", "is empty; give zoo:NAME or the path of an .onnx file");
        var input = map.TryGetValue("input", out var i) ? yaml.Text(i, "app.input") : "random";
        if (!Inputs.Contains(input)) throw yaml.Fail("app.input", $"unknown input '{input}'; expected one of {string.Join(", ", Inputs)}");
        var objective = map.TryGetValue("objective", out var o) ? yaml.Enum<Objective>(o, "app.objective") : Objective.Latency;
        var codec = map.TryGetValue("codec", out var c) ? yaml.Enum<WireCodec>(c, "app.codec") : WireCodec.Fp32;
        double? slo = null, minAccuracy = null;
        if (map.TryGetValue("slo", out var s))
        {
            var sloMap = yaml.Map(s, "app.slo", SloKeys);
            if (sloMap.TryGetValue("latency_ms", out var ms)) slo = yaml.Positive(ms, "app.slo.latency_ms", SpecLimits.LatencyMs);
            if (sloMap.TryGetValue("min_accuracy", out var ma)) minAccuracy = yaml.Fraction(ma, "app.slo.min_accuracy");
        }
        var exits = map.TryGetValue("exits", out var ex) ? ReadExits(ex) : null;
        if (exits is not null && variants.Count > 0)
            throw yaml.Fail("app.exits", "cannot be combined with app.variants; give one or the other");
        var stream = map.TryGetValue("stream", out var st) ? ReadStream(st) : null;
        if (stream is not null && (exits is not null || variants.Count > 0))
            throw yaml.Fail("app.stream", "cannot be combined with app.exits or app.variants; give one of them");
        if (stream is not null && input != "random")
            throw yaml.Fail("app.stream", $"feeds its own frames, so app.input '{input}' would be ignored; drop app.input");
        if (objective == Objective.Energy && nodes.FirstOrDefault(n => n.Tier == Tier.Device) is { Power: var p } device && p == PowerModel.None)
            throw yaml.Fail("app.objective", $"energy needs the power of device '{device.Name}'; add power: {{ compute_w, idle_w, radio_w }} to it");
        var privacy = map.TryGetValue("privacy", out var pv) ? ReadFeaturePrivacy(pv) : null;
        var moves = map.TryGetValue("moves", out var mv) ? ReadMoves(mv, nodes) : [];
        var u8 = map.TryGetValue("input_format", out var f) ? ReadInputFormat(f, input, nodes) : null;
        return new AppSpec(model, input, objective, slo, codec) { Variants = variants, SloMinAccuracy = minAccuracy, Exits = exits, Stream = stream, FeaturePrivacy = privacy, Moves = moves, U8Input = u8 };
    }

    private List<VariantSpec> ReadVariants(YamlNode node)
    {
        var items = yaml.Sequence(node, "app.variants");
        if (items.Count == 0) throw yaml.Fail("app.variants", "is empty; list at least one { name, model } or drop the key");
        var variants = new List<VariantSpec>();
        for (int k = 0; k < items.Count; k++)
        {
            var path = $"app.variants[{k}]";
            var map = yaml.Map(items[k], path, VariantKeys);
            var name = yaml.Text(yaml.Required(map, "name", path), path + ".name");
            if (name.Length == 0) throw yaml.Fail(path + ".name", "is empty; give the variant a name");
            if (variants.Any(v => v.Name == name)) throw yaml.Fail(path + ".name", $"duplicate variant name '{name}'; names must be unique");
            var model = yaml.Text(yaml.Required(map, "model", path), path + ".model");
            if (model.Length == 0) throw yaml.Fail(path + ".model", "is empty; give zoo:NAME or the path of an .onnx file");
            double? accuracy = map.TryGetValue("accuracy", out var a) ? yaml.Fraction(a, path + ".accuracy") : null;
            variants.Add(new VariantSpec(name, model, accuracy));
        }
        return variants;
    }

    private FeaturePrivacySpec ReadFeaturePrivacy(YamlNode node)
    {
        var privacy = yaml.Map(node, "app.privacy", PrivacyKeys);
        var features = yaml.Map(yaml.Required(privacy, "features", "app.privacy"), "app.privacy.features", FeatureKeys);
        var epsilon = yaml.Positive(yaml.Required(features, "epsilon", "app.privacy.features"), "app.privacy.features.epsilon", SpecLimits.FeatureEpsilon);
        var nullification = features.TryGetValue("nullification", out var n)
            ? yaml.Number(n, "app.privacy.features.nullification", SpecLimits.FeatureNullification) : 0;
        double? clip = features.TryGetValue("clip", out var c) ? yaml.Positive(c, "app.privacy.features.clip", SpecLimits.FeatureClip) : null;
        return new FeaturePrivacySpec(epsilon, nullification) { Clip = clip };
    }

    private ExitsSpec ReadExits(YamlNode node)
    {
        var map = yaml.Map(node, "app.exits", ExitKeys);
        if (map.ContainsKey("thresholds") == map.ContainsKey("target_accuracy"))
            throw yaml.Fail("app.exits", "give exactly one of thresholds: [t1, t2, …] (entropy, nats) or target_accuracy: 0..1");
        var measure = map.TryGetValue("measure", out var m) ? yaml.Text(m, "app.exits.measure") : "entropy";
        if (!ExitsSpec.Measures.Contains(measure))
            throw yaml.Fail("app.exits.measure", $"unknown measure '{measure}'; expected one of {string.Join(", ", ExitsSpec.Measures)}");
        if (map.TryGetValue("target_accuracy", out var t)) return new ExitsSpec(null, yaml.Fraction(t, "app.exits.target_accuracy"), measure);
        var items = yaml.Sequence(map["thresholds"], "app.exits.thresholds");
        if (items.Count == 0) throw yaml.Fail("app.exits.thresholds", "is empty; give one entropy threshold per early exit");
        var thresholds = new List<double>();
        for (int k = 0; k < items.Count; k++)
        {
            var path = $"app.exits.thresholds[{k}]";
            var text = yaml.Text(items[k], path);
            thresholds.Add(text is "inf" or ".inf" or "never" ? double.PositiveInfinity : yaml.NonNegative(items[k], path, SpecLimits.EntropyNats));
        }
        return new ExitsSpec(thresholds, null, measure);
    }

    private StreamSpec ReadStream(YamlNode node)
    {
        var map = yaml.Map(node, "app.stream", StreamKeys);
        var preset = map.TryGetValue("preset", out var p) ? yaml.Text(p, "app.stream.preset") : "static";
        if (!StreamSpec.Presets.Contains(preset))
            throw yaml.Fail("app.stream.preset", $"unknown preset '{preset}'; expected one of {string.Join(", ", StreamSpec.Presets)}");
        var gate = map.TryGetValue("gate", out var g) ? yaml.Text(g, "app.stream.gate") : "change";
        if (!StreamSpec.Gates.Contains(gate))
            throw yaml.Fail("app.stream.gate", $"unknown gate '{gate}'; expected one of {string.Join(", ", StreamSpec.Gates)}");
        if (map.ContainsKey("threshold") && map.ContainsKey("target_drop"))
            throw yaml.Fail("app.stream", "give threshold or target_drop, not both");
        int? frames = map.TryGetValue("frames", out var f) ? yaml.Int(f, "app.stream.frames", 1) : null;
        if (frames > SpecLimits.MaxStreamFrames) throw yaml.Fail("app.stream.frames", $"{frames} is more than {SpecLimits.MaxStreamFrames}; give fewer frames");
        int seed = map.TryGetValue("seed", out var sd) ? yaml.Int(sd, "app.stream.seed", 0) : 1;
        double? threshold = map.TryGetValue("threshold", out var t) ? yaml.NonNegative(t, "app.stream.threshold", SpecLimits.StreamThreshold) : null;
        double? drop = map.TryGetValue("target_drop", out var d) ? yaml.Fraction(d, "app.stream.target_drop") : null;
        return new StreamSpec(preset, frames, seed, gate, threshold, threshold is null ? drop ?? StreamSpec.DefaultTargetDrop : null);
    }

    private List<Node> ReadNodes(YamlNode node)
    {
        var items = yaml.Sequence(node, "nodes");
        var nodes = new List<Node>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < items.Count; k++)
        {
            var path = $"nodes[{k}]";
            var map = yaml.Map(items[k], path, NodeKeys);
            var name = yaml.Text(yaml.Required(map, "name", path), path + ".name");
            if (name.Length == 0) throw yaml.Fail(path + ".name", "is empty; give the node a name");
            if (!names.Add(name)) throw yaml.Fail(path + ".name", $"duplicate node name '{name}'; names must be unique");
            var tier = yaml.Enum<Tier>(yaml.Required(map, "tier", path), path + ".tier");
            var speed = map.TryGetValue("speed", out var sp) ? yaml.Positive(sp, path + ".speed", SpecLimits.Speed) : 1.0;
            var opSpeeds = new Dictionary<string, double>(StringComparer.Ordinal);
            if (map.TryGetValue("op_speeds", out var ops))
                foreach (var (key, value) in yaml.Map(ops, path + ".op_speeds", null))
                    opSpeeds[key] = yaml.Positive(value, $"{path}.op_speeds.{key}", SpecLimits.Speed);
            var power = PowerModel.None;
            if (map.TryGetValue("power", out var pw))
            {
                var pm = yaml.Map(pw, path + ".power", PowerKeys);
                double W(string key) => pm.TryGetValue(key, out var v) ? yaml.NonNegative(v, $"{path}.power.{key}", SpecLimits.Watts) : 0;
                power = new PowerModel(W("compute_w"), W("idle_w"), W("radio_w"));
            }
            bool helper = map.TryGetValue("helper", out var hp) && Flag(hp, path + ".helper");
            if (helper && tier != Tier.Device)
                throw yaml.Fail(path + ".helper", $"only device-tier nodes can be helpers (input-wise tiles); remove it from {tier.ToString().ToLowerInvariant()} node '{name}'");
            var ep = map.TryGetValue("ep", out var e) ? yaml.Text(e, path + ".ep") : "cpu";
            if (!Providers.Contains(ep, StringComparer.Ordinal))
                throw yaml.Fail(path + ".ep", $"'{ep}' is not an execution provider; give one of {string.Join(", ", Providers)}");
            string? profile = null;
            if (map.TryGetValue("profile", out var pr))
            {
                profile = yaml.Text(pr, path + ".profile");
                if (!profile.StartsWith("results:", StringComparison.Ordinal) || profile.Length == "results:".Length)
                    throw yaml.Fail(path + ".profile", $"'{profile}' is not of the form results:SYSTEM (a system in the results store)");
                if (map.ContainsKey("speed") || map.ContainsKey("op_speeds"))
                    throw yaml.Fail(path + ".profile", "comes instead of speed and op_speeds; drop those or the profile");
            }
            nodes.Add(new Node(name, tier, speed, opSpeeds, power) { Helper = helper, Ep = ep, Profile = profile });
        }
        if (!nodes.Any(n => n.Tier == Tier.Device && !n.Helper))
            throw yaml.Fail("nodes", "no node has tier: device (other than helpers); add the end device where inputs arrive");
        // Inputs arrive at one device and results are wanted there; a second one would be ignored silently.
        var devices = nodes.Select((n, k) => (n, k)).Where(d => d.n.Tier == Tier.Device && !d.n.Helper).ToList();
        if (devices.Count > 1)
            throw yaml.Fail($"nodes[{devices[1].k}].tier", $"a second device node '{devices[1].n.Name}' (the first is '{devices[0].n.Name}'); a spec has exactly one device, where inputs arrive: make the others edge or cloud nodes, or helpers (helper: true)");
        return nodes;
    }

    private bool Flag(YamlNode node, string path) => yaml.Text(node, path) switch
    {
        "true" => true,
        "false" => false,
        var other => throw yaml.Fail(path, $"'{other}' is not true or false"),
    };

    private List<Link> ReadLinks(YamlNode node, IReadOnlyList<Node> nodes)
    {
        var items = yaml.Sequence(node, "links");
        var links = new List<Link>();
        var names = nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var pairs = new HashSet<(string, string)>();
        for (int k = 0; k < items.Count; k++)
        {
            var path = $"links[{k}]";
            var map = yaml.Map(items[k], path, LinkKeys);
            string End(string key)
            {
                var name = yaml.Text(yaml.Required(map, key, path), $"{path}.{key}");
                if (!names.Contains(name))
                    throw yaml.Fail($"{path}.{key}", $"unknown node '{name}'; known nodes: {string.Join(", ", nodes.Select(n => n.Name))}");
                return name;
            }
            var from = End("from");
            var to = End("to");
            if (from == to) throw yaml.Fail($"{path}.to", $"links '{from}' to itself; a link joins two different nodes");
            if (!pairs.Add(string.CompareOrdinal(from, to) < 0 ? (from, to) : (to, from))) throw yaml.Fail(path, $"a second link between '{from}' and '{to}'; keep one");
            var bandwidth = yaml.Rate(yaml.Required(map, "bandwidth", path), $"{path}.bandwidth", SpecLimits.Bandwidth);
            var rtt = yaml.Time(yaml.Required(map, "rtt", path), $"{path}.rtt", SpecLimits.RttMs);
            var schedule = new List<LinkPhase>();
            if (map.TryGetValue("schedule", out var sch))
            {
                var phases = yaml.Sequence(sch, $"{path}.schedule");
                for (int j = 0; j < phases.Count; j++)
                {
                    var pp = $"{path}.schedule[{j}]";
                    var pm = yaml.Map(phases[j], pp, PhaseKeys);
                    var afterNode = yaml.Required(pm, "after_frames", pp);
                    var after = yaml.Number(afterNode, pp + ".after_frames");
                    if (after < 0 || after != Math.Floor(after)) throw yaml.Fail(pp + ".after_frames", $"{after} is not a frame count; give a whole number ≥ 0");
                    after = yaml.Number(afterNode, pp + ".after_frames", SpecLimits.Frame);
                    schedule.Add(new LinkPhase((int)after,
                        pm.TryGetValue("bandwidth", out var b) ? yaml.Rate(b, pp + ".bandwidth", SpecLimits.Bandwidth) : bandwidth,
                        pm.TryGetValue("rtt", out var r) ? yaml.Time(r, pp + ".rtt", SpecLimits.RttMs) : rtt));
                }
            }
            links.Add(new Link(from, to, bandwidth, rtt, schedule));
        }
        return links;
    }

    /// <summary>One breadth-first search from the device: linear in nodes and links (a path per node was cubic on chains).</summary>
    private void CheckReachable(Topology topology)
    {
        var device = topology.Device;
        var reached = topology.ReachableFrom(device.Name);
        for (int k = 0; k < topology.Nodes.Count; k++)
        {
            var n = topology.Nodes[k];
            if (!reached.Contains(n.Name))
                throw yaml.Fail($"nodes[{k}]", $"{n.Tier.ToString().ToLowerInvariant()} node '{n.Name}' is unreachable from device '{device.Name}'; add a link to it");
        }
    }
}
