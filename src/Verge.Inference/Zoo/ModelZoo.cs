using Verge.Core.Errors;
using Verge.Core.Files;
using Verge.Inference.Graph;

namespace Verge.Inference.Zoo;

/// <summary>
/// Resolves <c>zoo:NAME</c> to a model file, before anything loads it. Entries are either shipped files (the
/// pretrained ResNet-18 from the Microsoft.ML.DnnImageFeaturizer.ResNet18 package, copied next to the program) or
/// generated on first use into <see cref="CacheDirectory"/>. A host builds one zoo (<see cref="Standard"/>, plus
/// what other libraries add to it) and hands it to whatever takes a model argument.
/// </summary>
public sealed class ModelZoo
{
    public const string Prefix = "zoo:";

    private readonly Dictionary<string, ZooEntry> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="cacheDirectory">Where generated entries go; <see cref="DefaultCacheDirectory"/> if null.</param>
    public ModelZoo(string? cacheDirectory = null) =>
        _cacheDirectory = new(() => cacheDirectory ?? DefaultCacheDirectory);

    // Found when an entry is first generated, so that a command that needs no cache (--help) runs with a bad VERGE_CACHE.
    private readonly Lazy<string> _cacheDirectory;

    /// <summary>The shipped ResNet-18 and every <see cref="ArchitectureZoo"/> network.</summary>
    public static ModelZoo Standard(string? cacheDirectory = null)
    {
        var zoo = new ModelZoo(cacheDirectory);
        zoo.Add(new ZooEntry("resnet18", "ResNet-18, ImageNet-pretrained featurizer (opset 8, 1×3×224×224 → 1×512×1×1)",
            () => Path.Combine(AppContext.BaseDirectory, "zoo", "resnet18.onnx")));
        ArchitectureZoo.AddTo(zoo);
        return zoo;
    }

    public string CacheDirectory => _cacheDirectory.Value;

    public IEnumerable<ZooEntry> All => _entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal);

    public void Add(ZooEntry entry) => _entries[entry.Name] = entry;

    public static bool IsZooName(string model) => model.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary><c>$VERGE_CACHE</c>, default <c>~/.cache/verge</c>; created if missing, refused in one line if not writable.</summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("VERGE_CACHE");
            if (string.IsNullOrEmpty(dir))
                dir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "verge");
            AtomicFile.CheckWritableFolder(dir, "the cache folder", fix: "set VERGE_CACHE to a writable folder");
            return dir;
        }
    }

    /// <summary>A path for a model given as a path or as zoo:NAME.</summary>
    public string Resolve(string model)
    {
        if (!IsZooName(model)) return model;
        var name = model[Prefix.Length..];
        if (!_entries.TryGetValue(name, out var entry))
            throw new InputException($"unknown zoo model '{name}'; known: {string.Join(", ", All.Select(e => e.Name))}");
        var path = entry.Materialize();
        if (!File.Exists(path))
            throw new InputException($"zoo model '{name}' should be at '{path}' but is missing; run scripts/setup to rebuild");
        return path;
    }

    /// <summary>The graph of a model given as a path or as zoo:NAME; its <see cref="ModelGraph.Source"/> is <paramref name="model"/>.</summary>
    public ModelGraph Load(string model, IReadOnlyDictionary<string, long[]>? shapes = null) =>
        ModelGraph.Load(Resolve(model), shapes, model);
}
