using Verge.Inference.Zoo;

namespace Verge.Learning.Models;

/// <summary>
/// The zoo models that Verge trained itself with <c>verge train</c> (commands in docs/results/learning.md),
/// shipped as Models/Pretrained/NAME.onnx and copied next to the program as zoo/NAME.onnx.
/// </summary>
public static class TrainedZoo
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "zoo", name + ".onnx");

    /// <summary>Adds zoo:NAME to <paramref name="zoo"/> for every trainable model whose pre-trained file is present.</summary>
    public static ModelZoo AddTo(ModelZoo zoo)
    {
        foreach (var name in TrainableZoo.Names)
        {
            var path = PathOf(name);
            if (File.Exists(path))
                zoo.Add(new ZooEntry(name,
                    $"{TrainableZoo.Describe(name)}; trained by Verge on Fashion-MNIST (input 1x1x28x28 pixels/255 -> logits 1x10)", () => path));
        }
        foreach (var name in Branchy.BranchyZoo.Names)
        {
            var path = PathOf(name);
            if (File.Exists(path))
                zoo.Add(new ZooEntry(name,
                    $"{Branchy.BranchyZoo.Describe(name)}; trained by Verge on Fashion-MNIST (outputs exit1, exit2, …, final: logits 1x10 each)", () => path));
        }
        return zoo;
    }
}
