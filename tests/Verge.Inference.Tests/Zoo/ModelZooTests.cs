using Verge.Core.Errors;
using Verge.Inference.Tests.Support;
using Verge.Inference.Zoo;
using Verge.Inference.Zoo.Architectures;

namespace Verge.Inference.Tests.Zoo;

public sealed class ModelZooTests
{
    [Fact]
    public void AZooResolvesItsOwnNamesOnlyAndPassesPathsThrough()
    {
        using var dir = new TempDir();
        var zoo = new ModelZoo(dir.Path);
        Assert.Empty(zoo.All);
        Assert.Equal("some/model.onnx", zoo.Resolve("some/model.onnx"));
        var e = Assert.Throws<InputException>(() => zoo.Resolve("zoo:tiny-chain"));
        Assert.Contains("unknown zoo model 'tiny-chain'", e.Message);

        ArchitectureZoo.AddTo(zoo);
        var path = zoo.Resolve("zoo:TINY-CHAIN");
        Assert.StartsWith(dir.Path, path);
        var graph = zoo.Load("zoo:tiny-chain");
        Assert.Equal("zoo:tiny-chain", graph.Source);
        Assert.Equal(path, graph.File);
    }

    [Fact]
    public void TwoZoosDoNotShareEntries()
    {
        using var dir = new TempDir();
        var standard = ModelZoo.Standard(dir.Path);
        var other = new ModelZoo(dir.Path);
        other.Add(new ZooEntry("mine", "a test entry", () => ArchitectureZoo.Materialize(ArchitectureZoo.Find(TinyDag.Name), dir.Path)));
        Assert.Contains(standard.All, e => e.Name == "resnet18");
        Assert.DoesNotContain(standard.All, e => e.Name == "mine");
        Assert.Equal("zoo:mine", other.Load("zoo:mine").Source);
    }
}
