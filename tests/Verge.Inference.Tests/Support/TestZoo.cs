using Verge.Inference.Graph;
using Verge.Inference.Zoo;
using Verge.Learning.Models;

namespace Verge.Inference.Tests.Support;

/// <summary>The zoo the CLI builds (standard entries and Verge's trained models), for tests that name zoo models.</summary>
internal static class TestZoo
{
    public static ModelZoo Zoo { get; } = TrainedZoo.AddTo(ModelZoo.Standard());

    public static ModelGraph Load(string model) => Zoo.Load(model);
}
