using System.Globalization;
using Verge.Core.Errors;
using Verge.Inference.Serving.Scheduling.Batching;
using Verge.Inference.Serving.Scheduling.Queueing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Verge.Inference.Serving.Repository;

/// <summary>
/// Reads a model's <c>config.yaml</c> by walking its YAML tree, so every error names the file and the field
/// (<c>dynamic_batching.preferred_batch_sizes[1]</c>) and unknown keys are refused rather than ignored.
/// </summary>
public sealed class ModelConfigReader
{
    private static readonly string[] TopKeys =
        ["name", "max_batch_size", "dynamic_batching", "instances", "priority_levels", "default_priority_level", "queue", "weight", "profile_runs"];
    private static readonly string[] BatchingKeys = ["max_queue_delay_us", "preferred_batch_sizes"];
    private static readonly string[] QueueKeys = ["max_size", "default_timeout_us", "timeout_action", "allow_timeout_override"];

    private readonly string source;

    private ModelConfigReader(string source) => this.source = source;

    /// <summary>Reads <paramref name="path"/> as the config of the model in folder <paramref name="name"/>.</summary>
    public static ModelConfig ReadFile(string path, string name)
    {
        if (!File.Exists(path))
            throw new InputException($"{path}: missing; every model folder needs a config.yaml (at least 'max_batch_size: 0')");
        return Parse(File.ReadAllText(path), name, path);
    }

    public static ModelConfig Parse(string yaml, string name, string source) => new ModelConfigReader(source).Read(yaml, name);

    private ModelConfig Read(string yaml, string name)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            throw new InputException($"{source}: YAML syntax error: {e.Message.ReplaceLineEndings(" ")}; fix the YAML");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            return new ModelConfig(name);

        var top = Map(stream.Documents[0].RootNode, "(top)", TopKeys);
        if (top.TryGetValue("name", out var n) && Text(n, "name") != name)
            throw Fail("name", $"'{Text(n, "name")}' differs from the model's folder '{name}'; make them equal or drop the key");
        int maxBatch = top.TryGetValue("max_batch_size", out var mb) ? Int(mb, "max_batch_size", 0) : 0;
        DynamicBatchingOptions? dynamic = null;
        if (top.TryGetValue("dynamic_batching", out var db))
        {
            if (maxBatch < 1)
                throw Fail("dynamic_batching", "needs max_batch_size of 1 or more; set max_batch_size or drop dynamic_batching");
            dynamic = ReadBatching(db, maxBatch);
        }
        int instances = top.TryGetValue("instances", out var ins) ? Int(ins, "instances", 1) : 1;
        int levels = top.TryGetValue("priority_levels", out var pl) ? Int(pl, "priority_levels", 1) : 1;
        int defaultLevel = top.TryGetValue("default_priority_level", out var dl) ? Int(dl, "default_priority_level", 1) : 1;
        if (defaultLevel > levels)
            throw Fail("default_priority_level", $"{defaultLevel} is above priority_levels ({levels}); give a level from 1 to {levels}");
        var queue = top.TryGetValue("queue", out var q) ? ReadQueue(q, levels, defaultLevel) : new QueueOptions(levels, defaultLevel);
        double weight = top.TryGetValue("weight", out var w) ? Number(w, "weight") : 1;
        if (weight <= 0) throw Fail("weight", $"{weight} must be positive (a relative share, e.g. 1 or 2.5)");
        int runs = top.TryGetValue("profile_runs", out var pr) ? Int(pr, "profile_runs", 0) : 3;
        return new ModelConfig(name, maxBatch, dynamic, instances, queue, weight, runs);
    }

    private DynamicBatchingOptions ReadBatching(YamlNode node, int maxBatch)
    {
        if (node is YamlScalarNode { Value: null or "" or "{}" }) return DynamicBatchingOptions.Immediate;
        var map = Map(node, "dynamic_batching", BatchingKeys);
        long delayUs = map.TryGetValue("max_queue_delay_us", out var d) ? Int(d, "dynamic_batching.max_queue_delay_us", 0) : 0;
        var sizes = new List<int>();
        if (map.TryGetValue("preferred_batch_sizes", out var p))
        {
            var items = p as YamlSequenceNode ?? throw Fail("dynamic_batching.preferred_batch_sizes", "expected a list such as [4, 8]");
            for (int k = 0; k < items.Children.Count; k++)
            {
                var field = $"dynamic_batching.preferred_batch_sizes[{k}]";
                int size = Int(items.Children[k], field, 1);
                if (size > maxBatch) throw Fail(field, $"{size} is above max_batch_size ({maxBatch}); lower it or raise max_batch_size");
                sizes.Add(size);
            }
        }
        return new DynamicBatchingOptions(TimeSpan.FromMicroseconds(delayUs), sizes.Distinct().Order().ToArray());
    }

    private QueueOptions ReadQueue(YamlNode node, int levels, int defaultLevel)
    {
        var map = Map(node, "queue", QueueKeys);
        int maxSize = map.TryGetValue("max_size", out var m) ? Int(m, "queue.max_size", 0) : 0;
        long timeoutUs = map.TryGetValue("default_timeout_us", out var t) ? Int(t, "queue.default_timeout_us", 0) : 0;
        var action = TimeoutAction.Reject;
        if (map.TryGetValue("timeout_action", out var a))
            action = Text(a, "queue.timeout_action").ToLowerInvariant() switch
            {
                "reject" => TimeoutAction.Reject,
                "delay" => TimeoutAction.Delay,
                var other => throw Fail("queue.timeout_action", $"unknown action '{other}'; expected reject or delay"),
            };
        bool allowOverride = true;
        if (map.TryGetValue("allow_timeout_override", out var o))
            allowOverride = Text(o, "queue.allow_timeout_override").ToLowerInvariant() switch
            {
                "true" => true,
                "false" => false,
                var other => throw Fail("queue.allow_timeout_override", $"'{other}' is not true or false"),
            };
        return new QueueOptions(levels, defaultLevel, maxSize, timeoutUs > 0 ? TimeSpan.FromMicroseconds(timeoutUs) : null, action, allowOverride);
    }

    private InputException Fail(string field, string what) => new($"{source}: {field}: {what}");

    private Dictionary<string, YamlNode> Map(YamlNode node, string path, string[] allowed)
    {
        if (node is not YamlMappingNode map) throw Fail(path, $"expected a mapping of keys (line {node.Start.Line})");
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(key))
                throw Fail(path == "(top)" ? key : $"{path}.{key}", $"unknown key; expected one of {string.Join(", ", allowed)}");
            result[key] = v;
        }
        return result;
    }

    private string Text(YamlNode node, string path) =>
        node is YamlScalarNode s ? s.Value ?? "" : throw Fail(path, $"expected a single value (line {node.Start.Line})");

    private double Number(YamlNode node, string path)
    {
        var t = Text(node, path);
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
            ? x : throw Fail(path, $"'{t}' is not a number");
    }

    private int Int(YamlNode node, string path, int min)
    {
        var t = Text(node, path);
        if (!int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x))
            throw Fail(path, $"'{t}' is not a whole number");
        return x >= min ? x : throw Fail(path, $"{x} must be {min} or more");
    }
}
