using System.Collections.Concurrent;
using Verge.Inference.Graph;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Zoo;

/// <summary>Loads each zoo architecture once per test class: the big ones take a second or two to build and parse.</summary>
public sealed class ZooModelsFixture
{
    private readonly ConcurrentDictionary<string, Lazy<ModelGraph>> graphs = new(StringComparer.Ordinal);

    public ModelGraph Get(string name) =>
        graphs.GetOrAdd(name, n => new Lazy<ModelGraph>(() => TestZoo.Load("zoo:" + n))).Value;
}
