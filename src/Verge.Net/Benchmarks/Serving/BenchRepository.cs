using System.Globalization;

namespace Verge.Net.Benchmarks.Serving;

/// <summary>
/// A one-model repository in a temporary folder (Triton's layout: NAME/config.yaml, NAME/1/model.onnx), rewritten
/// for each scenario with the config it compares; deleted on dispose.
/// </summary>
internal sealed class BenchRepository : IDisposable
{
    private readonly ServingBenchOptions _options;

    public BenchRepository(ServingBenchOptions options)
    {
        _options = options;
        Root = Directory.CreateTempSubdirectory("verge-bench-serving-").FullName;
        var versionDir = Directory.CreateDirectory(Path.Combine(Root, options.ModelName, "1")).FullName;
        File.Copy(options.ModelPath, Path.Combine(versionDir, "model.onnx"));
    }

    public string Root { get; }

    /// <summary>Writes the config: the shared limits, plus a <c>dynamic_batching</c> section when <paramref name="batching"/>.</summary>
    public string Write(bool batching)
    {
        var o = _options;
        var lines = new List<string>
        {
            $"max_batch_size: {o.MaxBatchSize}",
            $"instances: {o.Instances}",
            $"queue: {{max_size: {o.QueueMaxSize}, timeout_action: reject, allow_timeout_override: true}}",
        };
        if (batching)
            lines.Add($"dynamic_batching: {{max_queue_delay_us: {o.MaxQueueDelayUs.ToString(CultureInfo.InvariantCulture)}, " +
                      $"preferred_batch_sizes: [{string.Join(", ", o.PreferredBatchSizes)}]}}");
        var text = string.Join('\n', lines) + "\n";
        File.WriteAllText(Path.Combine(Root, o.ModelName, "config.yaml"), text);
        return text;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
