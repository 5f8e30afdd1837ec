using System.Globalization;

namespace Verge.Net.Benchmarks.Serving;

/// <summary>
/// The bench's repository in a temporary folder (Triton's layout: NAME/config.yaml, NAME/1/model.onnx) holding the
/// model of the scenario at hand alone, its config rewritten for each run; deleted on dispose.
/// </summary>
internal sealed class BenchRepository : IDisposable
{
    private readonly ServingBenchOptions _options;

    public BenchRepository(ServingBenchOptions options)
    {
        _options = options;
        Root = Directory.CreateTempSubdirectory("verge-bench-serving-").FullName;
    }

    public string Root { get; }

    /// <summary>
    /// Leaves <paramref name="model"/> alone in the repository with the shared limits, plus a <c>dynamic_batching</c>
    /// section when <paramref name="batching"/>.
    /// </summary>
    public string Write(string model, string path, bool batching)
    {
        var o = _options;
        foreach (var other in Directory.GetDirectories(Root).Where(d => Path.GetFileName(d) != model))
            Directory.Delete(other, recursive: true);
        var versionDir = Directory.CreateDirectory(Path.Combine(Root, model, "1")).FullName;
        var file = Path.Combine(versionDir, "model.onnx");
        if (!File.Exists(file)) File.Copy(path, file);
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
        File.WriteAllText(Path.Combine(Root, model, "config.yaml"), text);
        return text;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
