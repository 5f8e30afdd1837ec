using Verge.Core.Errors;

namespace Verge.Inference.Zoo;

/// <summary>
/// Resolves <c>zoo:NAME</c> to a model file. Entries are either shipped files (the pretrained ResNet-18 from the
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 package, copied next to the program) or generated on first use into
/// the cache folder (<c>$VERGE_CACHE</c>, default <c>~/.cache/verge</c>).
/// </summary>
public static class ModelZoo
{
    public const string Prefix = "zoo:";

    private static readonly Dictionary<string, ZooEntry> Entries = new(StringComparer.OrdinalIgnoreCase);

    static ModelZoo()
    {
        Add(new ZooEntry("resnet18", "ResNet-18, ImageNet-pretrained featurizer (opset 8, 1×3×224×224 → 1×512×1×1)",
            () => Path.Combine(AppContext.BaseDirectory, "zoo", "resnet18.onnx")));
        ArchitectureZoo.RegisterAll();
    }

    public static IEnumerable<ZooEntry> All => Entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal);

    public static void Add(ZooEntry entry) => Entries[entry.Name] = entry;

    public static bool IsZooName(string model) => model.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    public static string CacheDirectory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("VERGE_CACHE");
            if (string.IsNullOrEmpty(dir))
                dir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "verge");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    /// <summary>A path for a model given as a path or as zoo:NAME.</summary>
    public static string Resolve(string model)
    {
        if (!IsZooName(model)) return model;
        var name = model[Prefix.Length..];
        if (!Entries.TryGetValue(name, out var entry))
            throw new InputException($"unknown zoo model '{name}'; known: {string.Join(", ", All.Select(e => e.Name))}");
        var path = entry.Materialize();
        if (!File.Exists(path))
            throw new InputException($"zoo model '{name}' should be at '{path}' but is missing; run scripts/setup to rebuild");
        return path;
    }
}
