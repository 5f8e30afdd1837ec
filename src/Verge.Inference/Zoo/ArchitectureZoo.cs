using Google.Protobuf;
using Verge.Inference.Graph.Building;
using Verge.Inference.Zoo.Architectures;
using Verge.Core.Files;

namespace Verge.Inference.Zoo;

/// <summary>
/// The standard architectures built by <see cref="OnnxBuilder"/> with seeded weights, registered as zoo entries
/// (<c>zoo:resnet18-tv</c>, …). Each is written once to <c>CACHE/arch/NAME.onnx</c>; a stamp file next to it names
/// the builder version, so a changed builder rewrites stale files.
/// </summary>
public static class ArchitectureZoo
{
    /// <summary>Bump when any architecture or the builder changes the bytes it writes.</summary>
    public const string Version = "1";

    /// <summary>The seed of every zoo architecture's weights.</summary>
    public const int Seed = 1;

    public static IReadOnlyList<ZooArchitecture> All { get; } =
    [
        new(ResNet18.Name, "ResNet-18, torchvision topology, BN folded, seeded weights (1×3×224×224 → 1×1000)", ResNet18.Build, 1.814, 11.690),
        new(MobileNetV2.Name, "MobileNetV2 1.0, torchvision topology, ReLU6 as Clip, seeded weights (1×3×224×224 → 1×1000)", MobileNetV2.Build, 0.300, 3.505),
        new(SqueezeNet11.Name, "SqueezeNet 1.1, torchvision topology, fire modules, seeded weights (1×3×224×224 → 1×1000)", SqueezeNet11.Build, 0.35, 1.235),
        new(GoogLeNet.Name, "GoogLeNet (Inception v1), torchvision topology, eval mode, seeded weights (1×3×224×224 → 1×1000)", GoogLeNet.Build, 1.50, 6.625),
        new(DenseNet121.Name, "DenseNet-121, torchvision topology, pre-activation BN kept, seeded weights (1×3×224×224 → 1×1000)", DenseNet121.Build, 2.87, 7.979),
        new(ShuffleNetV2.Name, "ShuffleNetV2 x1.0, torchvision topology, channel split and shuffle, seeded weights (1×3×224×224 → 1×1000)", ShuffleNetV2.Build, 0.146, 2.279),
        new(LstmSequence.Name, "LSTM sequence classifier, 32 steps × 64 features, 128 hidden, seeded weights (1×32×64 → 1×10)", LstmSequence.Build),
        new(TinyChain.Name, "tiny conv chain for tests, seeded weights (1×3×32×32 → 1×10)", TinyChain.Build),
        new(TinyDag.Name, "tiny DAG for tests: residual Adds and a Concat block, seeded weights (1×3×32×32 → 1×10)", TinyDag.Build),
    ];

    private static readonly Dictionary<string, object> Locks = All.ToDictionary(a => a.Name, _ => new object(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds every architecture to <paramref name="zoo"/>, generated into its cache folder.</summary>
    public static void AddTo(ModelZoo zoo)
    {
        foreach (var arch in All)
            zoo.Add(new ZooEntry(arch.Name, arch.Description, () => Materialize(arch, zoo.CacheDirectory)));
    }

    public static ZooArchitecture Find(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"no zoo architecture '{name}'; known: {string.Join(", ", All.Select(a => a.Name))}", nameof(name));

    /// <summary>
    /// The architecture's file, written if missing or stale. Writes go to a temporary file that is then renamed,
    /// so a concurrent reader (another test process) sees either no file or a whole one.
    /// </summary>
    /// <param name="cacheDirectory">Where the <c>arch</c> folder goes; <see cref="ModelZoo.DefaultCacheDirectory"/> by default.</param>
    public static string Materialize(ZooArchitecture arch, string? cacheDirectory = null)
    {
        var dir = Path.Combine(cacheDirectory ?? ModelZoo.DefaultCacheDirectory, "arch");
        var path = Path.Combine(dir, arch.Name + ".onnx");
        var stamp = path + ".version";
        lock (Locks[arch.Name])
        {
            if (File.Exists(path) && File.Exists(stamp) && File.ReadAllText(stamp) == Version)
                return path;
            Directory.CreateDirectory(dir);
            WriteAtomically(path, arch.Build(Seed).ToByteArray());
            WriteAtomically(stamp, System.Text.Encoding.UTF8.GetBytes(Version));
            return path;
        }
    }

    private static void WriteAtomically(string path, byte[] bytes) => AtomicFile.WriteAllBytes(path, bytes, "zoo cache entry");
}
