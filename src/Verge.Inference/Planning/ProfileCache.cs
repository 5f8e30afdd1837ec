using System.Security.Cryptography;
using System.Text.Json;
using Verge.Inference.Graph;
using Verge.Inference.Runtime;
using Verge.Inference.Zoo;
using Verge.Core.Files;

namespace Verge.Inference.Planning;

/// <summary>
/// Profiles a model once per (model file, thread count, runs) and keeps the result as JSON under
/// <c>ModelZoo.DefaultCacheDirectory/profiles/</c>, so repeated plans of the same model are instant.
/// </summary>
public static class ProfileCache
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static string PathFor(string modelFile, ProfileOptions options)
    {
        using var stream = File.OpenRead(modelFile);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
        return System.IO.Path.Combine(ModelZoo.DefaultCacheDirectory, "profiles", $"{hash}-t{options.Threads}-r{options.Runs}{ProviderSuffix(options)}.json");
    }

    // CPU profiles keep the names they always had; another provider's are kept apart.
    private static string ProviderSuffix(ProfileOptions options) => options.Provider == ExecutionProviders.Cpu ? "" : "-" + options.Provider;

    /// <summary>The cached profile of <paramref name="graph"/>, or a fresh one (then cached). <paramref name="cached"/> says which.</summary>
    public static ModelProfile Get(ModelGraph graph, ProfileOptions options, out bool cached, IProgress<double>? progress = null)
    {
        var path = PathFor(graph.File ?? throw new ArgumentException($"'{graph.Source}' was not read from a file; profiles are cached per file", nameof(graph)), options);
        if (File.Exists(path))
        {
            try
            {
                var stored = JsonSerializer.Deserialize<ModelProfile>(File.ReadAllText(path), Json);
                if (stored is not null && stored.Nodes.Select(n => n.Name).SequenceEqual(graph.Nodes.Select(n => n.Name)))
                {
                    cached = true;
                    return stored with { Model = graph.Source };
                }
            }
            catch (JsonException)
            {
                // A damaged cache entry is simply measured again.
            }
        }
        var profile = new LayerProfiler(options).Profile(graph, progress);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(profile, Json), "profile cache entry");
        cached = false;
        return profile;
    }
}
