using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Learning.Data;
using Verge.Net.Wire;

namespace Verge.Net.Running;

/// <summary>The frames a run feeds its model: seeded random tensors, zeros, or Fashion-MNIST test images.</summary>
public static class FrameInputs
{
    public static async Task<Func<int, IReadOnlyList<FloatTensor>>> CreateAsync(string source, ModelGraph graph, string specName, CancellationToken ct)
    {
        var inputs = graph.Inputs;
        if (inputs.Any(i => i.ElementType != ElementType.Float))
            throw new InputException($"{specName}: app.model: the runtime feeds float inputs only, but '{graph.Source}' takes {string.Join(", ", inputs.Select(i => $"{i.Name} ({i.TypeName})"))}");
        switch (source)
        {
            case "random":
                return frame => inputs.Select(i => Random(i, frame)).ToList();
            case "zeros":
                return _ => inputs.Select(i => new FloatTensor(i.Name, i.Shape, new float[i.Elements])).ToList();
            case "fashion-mnist:test":
            case "fashion-mnist:train":
            {
                var input = inputs.Single();
                if (input.Elements != 28 * 28)
                    throw new InputException($"{specName}: app.input: Fashion-MNIST images are 1×28×28, but '{graph.Source}' takes {input.ShapeText}; use input: random");
                var data = source.EndsWith("test", StringComparison.Ordinal)
                    ? await FashionMnist.LoadTestAsync(ct: ct)
                    : await FashionMnist.LoadTrainAsync(ct: ct);
                return frame => [new FloatTensor(input.Name, input.Shape, data.Image(frame % data.Count).ToArray())];
            }
            default:
                throw new InputException($"{specName}: app.input: unknown input '{source}'; use random, zeros, fashion-mnist:test or fashion-mnist:train");
        }
    }

    private static FloatTensor Random(TensorInfo input, int frame)
    {
        var rng = new Random(HashCode.Combine(input.Name.Length, frame, 17));
        var data = new float[input.Elements];
        for (int k = 0; k < data.Length; k++) data[k] = rng.NextSingle();
        return new FloatTensor(input.Name, input.Shape, data);
    }
}
