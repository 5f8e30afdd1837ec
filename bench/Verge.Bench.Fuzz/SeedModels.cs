using Onnx;
using Verge.Inference.Zoo;
using Verge.Learning.Models;

namespace Verge.Bench.Fuzz;

/// <summary>
/// The valid models every model mutant starts from: two trained Fashion-MNIST models (so `eval` gets past its
/// input check) and two seeded architectures (a chain and a DAG). Each comes with a tensor to cut at.
/// </summary>
public sealed class SeedModels
{
    private static readonly Lazy<SeedModels> Shared = new(() => new SeedModels());

    private SeedModels()
    {
        var zoo = ModelZoo.Standard();
        Models =
        [
            Load("lenet5", TrainedZoo.PathOf("lenet5")),
            Load("mlp", TrainedZoo.PathOf("mlp")),
            Load("tiny-chain", zoo.Resolve("zoo:tiny-chain")),
            Load("tiny-dag", zoo.Resolve("zoo:tiny-dag")),
        ];
    }

    public static SeedModels Instance => Shared.Value;

    public IReadOnlyList<Seed> Models { get; }

    public SeedModels.Seed Named(string name) => Models.First(m => m.Name == name);

    /// <summary>A seed model: its bytes, a tensor to cut at, and its first input and output (for wire requests).</summary>
    public sealed record Seed(string Name, byte[] Bytes, string Cut, string Input, long[] InputShape, string Output);

    private static Seed Load(string name, string path)
    {
        var bytes = File.ReadAllBytes(path);
        var g = ModelProto.Parser.ParseFrom(bytes).Graph;
        var cut = g.Node[g.Node.Count / 2].Output[0];
        var weights = g.Initializer.Select(t => t.Name).ToHashSet();
        var input = g.Input.First(v => !weights.Contains(v.Name));
        var shape = input.Type.TensorType.Shape.Dim.Select(d => d.DimValue > 0 ? d.DimValue : 1).ToArray();
        return new Seed(name, bytes, cut, input.Name, shape, g.Output[0].Name);
    }
}
