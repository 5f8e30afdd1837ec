using Verge.Core.Errors;
using Verge.Learning.Engine;

namespace Verge.Learning.Models.Branchy;

/// <summary>The trainable models with early exits: zoo models with small side branches after early layers.</summary>
public static class BranchyZoo
{
    private static readonly Dictionary<string, (string Description, Func<Rng, BranchyModel> Build)> Builders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["branchy-lenet5"] = ("LeNet-5 with exits after the first and second conv blocks (BranchyNet)", BranchyLeNet5),
        ["branchy-resnet-tiny"] = ("resnet-tiny with an exit after the first residual block (BranchyNet)", BranchyResNetTiny),
    };

    public static IReadOnlyList<string> Names { get; } = ["branchy-lenet5", "branchy-resnet-tiny"];

    public static bool Contains(string name) => Builders.ContainsKey(name);

    public static string Describe(string name) => Builders[name].Description;

    public static BranchyModel Create(string name, int seed = 0)
    {
        if (!Builders.TryGetValue(name, out var entry))
            throw new UsageException($"unknown model '{name}'; choose one of: {string.Join(", ", Names)}");
        var model = entry.Build(new Rng(seed));
        return model;
    }

    private static BranchyModel BranchyLeNet5(Rng rng)
    {
        var trunk1 = new Sequential(new Conv2d(1, 6, 5, rng, padding: 2), new ReLU(), new MaxPool2d(2));           // 6×14×14
        var exit1 = new Sequential(new Conv2d(6, 8, 3, rng, padding: 1), new ReLU(), new MaxPool2d(2),             // 8×7×7
            new Flatten(), new Linear(8 * 7 * 7, 10, rng));
        var trunk2 = new Sequential(new Conv2d(6, 16, 5, rng), new ReLU(), new MaxPool2d(2));                      // 16×5×5
        var exit2 = new Sequential(new Flatten(), new Linear(16 * 5 * 5, 10, rng));
        var trunk3 = new Sequential(new Flatten(),
            new Linear(16 * 5 * 5, 120, rng), new ReLU(),
            new Linear(120, 84, rng), new ReLU(),
            new Linear(84, 10, rng));
        return new BranchyModel("branchy-lenet5", [trunk1, trunk2, trunk3], [exit1, exit2]);
    }

    private static BranchyModel BranchyResNetTiny(Rng rng)
    {
        var trunk1 = new Sequential(
            new Conv2d(1, 16, 3, rng, padding: 1, bias: false), new BatchNorm2d(16), new ReLU(), new MaxPool2d(2),
            new ResidualBlock(16, 16, 1, rng));                                                                    // 16×14×14
        var exit1 = new Sequential(new MaxPool2d(2), new Flatten(), new Linear(16 * 7 * 7, 10, rng));
        var trunk2 = new Sequential(new ResidualBlock(16, 32, 2, rng), new GlobalAvgPool(), new Flatten(), new Linear(32, 10, rng));
        return new BranchyModel("branchy-resnet-tiny", [trunk1, trunk2], [exit1]);
    }
}
