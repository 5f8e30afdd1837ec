using System.Globalization;
using Verge.Core.Errors;
using Verge.Core.Spec;
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

    private readonly YamlFields fields;

    private ModelConfigReader(string source) => fields = new YamlFields(source);

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
        var document = fields.Load(yaml);
        if (document is null) return new ModelConfig(name);

        var top = fields.Map(document, "(top)", TopKeys);
        if (top.TryGetValue("name", out var n) && fields.Text(n, "name") != name)
            throw fields.Fail("name", $"'{fields.Text(n, "name")}' differs from the model's folder '{name}'; make them equal or drop the key");
        int maxBatch = top.TryGetValue("max_batch_size", out var mb) ? fields.Int(mb, "max_batch_size", 0) : 0;
        DynamicBatchingOptions? dynamic = null;
        if (top.TryGetValue("dynamic_batching", out var db))
        {
            if (maxBatch < 1)
                throw fields.Fail("dynamic_batching", "needs max_batch_size of 1 or more; set max_batch_size or drop dynamic_batching");
            dynamic = ReadBatching(db, maxBatch);
        }
        int instances = top.TryGetValue("instances", out var ins) ? fields.Int(ins, "instances", 1) : 1;
        int levels = top.TryGetValue("priority_levels", out var pl) ? fields.Int(pl, "priority_levels", 1) : 1;
        int defaultLevel = top.TryGetValue("default_priority_level", out var dl) ? fields.Int(dl, "default_priority_level", 1) : 1;
        if (defaultLevel > levels)
            throw fields.Fail("default_priority_level", $"{defaultLevel} is above priority_levels ({levels}); give a level from 1 to {levels}");
        var queue = top.TryGetValue("queue", out var q) ? ReadQueue(q, levels, defaultLevel) : new QueueOptions(levels, defaultLevel);
        double weight = top.TryGetValue("weight", out var w) ? fields.Number(w, "weight") : 1;
        if (weight <= 0) throw fields.Fail("weight", $"{weight} must be positive (a relative share, e.g. 1 or 2.5)");
        int runs = top.TryGetValue("profile_runs", out var pr) ? fields.Int(pr, "profile_runs", 0) : 3;
        return new ModelConfig(name, maxBatch, dynamic, instances, queue, weight, runs);
    }

    private DynamicBatchingOptions ReadBatching(YamlNode node, int maxBatch)
    {
        if (node is YamlScalarNode { Value: null or "" or "{}" }) return DynamicBatchingOptions.Immediate;
        var map = fields.Map(node, "dynamic_batching", BatchingKeys);
        long delayUs = map.TryGetValue("max_queue_delay_us", out var d) ? fields.Int(d, "dynamic_batching.max_queue_delay_us", 0) : 0;
        var sizes = new List<int>();
        if (map.TryGetValue("preferred_batch_sizes", out var p))
        {
            var items = p as YamlSequenceNode ?? throw fields.Fail("dynamic_batching.preferred_batch_sizes", "expected a list such as [4, 8]");
            for (int k = 0; k < items.Children.Count; k++)
            {
                var field = $"dynamic_batching.preferred_batch_sizes[{k}]";
                int size = fields.Int(items.Children[k], field, 1);
                if (size > maxBatch) throw fields.Fail(field, $"{size} is above max_batch_size ({maxBatch}); lower it or raise max_batch_size");
                sizes.Add(size);
            }
        }
        return new DynamicBatchingOptions(TimeSpan.FromMicroseconds(delayUs), sizes.Distinct().Order().ToArray());
    }

    private QueueOptions ReadQueue(YamlNode node, int levels, int defaultLevel)
    {
        var map = fields.Map(node, "queue", QueueKeys);
        int maxSize = map.TryGetValue("max_size", out var m) ? fields.Int(m, "queue.max_size", 0) : 0;
        long timeoutUs = map.TryGetValue("default_timeout_us", out var t) ? fields.Int(t, "queue.default_timeout_us", 0) : 0;
        var action = TimeoutAction.Reject;
        if (map.TryGetValue("timeout_action", out var a))
            action = fields.Text(a, "queue.timeout_action").ToLowerInvariant() switch
            {
                "reject" => TimeoutAction.Reject,
                "delay" => TimeoutAction.Delay,
                var other => throw fields.Fail("queue.timeout_action", $"unknown action '{other}'; expected reject or delay"),
            };
        bool allowOverride = true;
        if (map.TryGetValue("allow_timeout_override", out var o))
            allowOverride = fields.Text(o, "queue.allow_timeout_override").ToLowerInvariant() switch
            {
                "true" => true,
                "false" => false,
                var other => throw fields.Fail("queue.allow_timeout_override", $"'{other}' is not true or false"),
            };
        return new QueueOptions(levels, defaultLevel, maxSize, timeoutUs > 0 ? TimeSpan.FromMicroseconds(timeoutUs) : null, action, allowOverride);
    }
}
