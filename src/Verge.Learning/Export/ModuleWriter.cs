using Verge.Inference.Graph.Building;
using Verge.Learning.Engine;
using Verge.Learning.Models;
using Verge.Learning.Models.Branchy;

namespace Verge.Learning.Export;

/// <summary>
/// The learning engine's adapter onto Inference's <see cref="OnnxBuilder"/>: walks a trained module and maps each
/// layer type to one builder call, in evaluation mode (batch norm with running statistics, dropout gone). Nodes are
/// named after their op in order (<c>Conv_0</c>, <c>Relu_3</c>); weights keep the model's state names
/// (<c>body.0.weight</c>), so a graph reads like the model it came from.
/// </summary>
public sealed class ModuleWriter
{
    private readonly Dictionary<Tensor, string> _stateNames = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Tensor, TensorRef> _written = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int> _opCounts = new(StringComparer.Ordinal);

    public ModuleWriter(Module model, OnnxBuilder builder)
    {
        Builder = builder;
        foreach (var s in model.State()) _stateNames[s.Tensor] = s.Name;
    }

    public OnnxBuilder Builder { get; }

    /// <summary>Writes <paramref name="layer"/> reading <paramref name="x"/>; returns its output.</summary>
    public TensorRef Write(Layer layer, TensorRef x) => layer switch
    {
        Sequential s => s.Layers.Aggregate(x, (input, l) => Write(l, input)),
        TrainableModel m => Write(m.Body, x),
        BranchyModel b => WriteExits(b, x).Exits[^1],
        ResidualBlock r => Relu(Add(Write(r.Main, x), r.Shortcut is { } shortcut ? Write(shortcut, x) : x)),
        Conv2d c => Builder.Conv(Name("Conv"), x, Weight(c.Weight), c.Bias is null ? null : Weight(c.Bias), c.Stride, c.Padding, 1, c.Groups),
        BatchNorm2d bn => Builder.BatchNormalization(Name("BatchNormalization"), x,
            Weight(bn.Scale), Weight(bn.Shift), Weight(bn.RunningMean), Weight(bn.RunningVar), bn.Epsilon),
        GroupNorm g => GroupNormWriter.Write(this, g, x, Name("GroupNormalization")),
        Linear l => Builder.Gemm(Name("Gemm"), x, Weight(l.Weight), Weight(l.Bias)),
        ReLU => Relu(x),
        Tanh => Builder.Tanh(Name("Tanh"), x),
        MaxPool2d p => Builder.MaxPool(Name("MaxPool"), x, p.Kernel, p.Stride),
        AvgPool2d p => Builder.AveragePool(Name("AveragePool"), x, p.Kernel, p.Stride),
        GlobalAvgPool => Builder.GlobalAveragePool(Name("GlobalAveragePool"), x),
        Flatten => Builder.Flatten(Name("Flatten"), x),
        Dropout => x,
        IOnnxExportable own => own.WriteOnnx(this, x),
        _ => throw new NotSupportedException($"no ONNX export for layer {layer.GetType().Name}; implement {nameof(IOnnxExportable)}"),
    };

    /// <summary>
    /// Writes the trunk and every branch; returns the exits in <see cref="BranchyModel.ExitNames"/> order and the
    /// trunk tensors where the branches leave.
    /// </summary>
    public (IReadOnlyList<TensorRef> Exits, IReadOnlyList<TensorRef> BranchPoints) WriteExits(BranchyModel model, TensorRef x)
    {
        var exits = new List<TensorRef>(model.ExitCount);
        var points = new List<TensorRef>(model.Branches.Count);
        for (int i = 0; i < model.Segments.Count; i++)
        {
            x = Write(model.Segments[i], x);
            if (i >= model.Branches.Count) continue;
            points.Add(x);
            exits.Add(Write(model.Branches[i], x));
        }
        exits.Add(x);
        return (exits, points);
    }

    public TensorRef Relu(TensorRef x) => Builder.Relu(Name("Relu"), x);

    public TensorRef Add(TensorRef a, TensorRef b) => Builder.Add(Name("Add"), a, b);

    /// <summary>Channel concatenation (axis 1), what <see cref="Concat"/> computes.</summary>
    public TensorRef Concat(params TensorRef[] parts) => Builder.Concat(Name("Concat"), parts, 1);

    /// <summary>The initializer of a model tensor, added on first use under its state name.</summary>
    public TensorRef Weight(Tensor tensor)
    {
        if (_written.TryGetValue(tensor, out var known)) return known;
        var name = _stateNames.TryGetValue(tensor, out var stateName) ? stateName : $"const_{_written.Count}";
        var t = Builder.Constant(name, tensor.Shape.Select(d => (long)d).ToArray(), tensor.Data);
        _written[tensor] = t;
        return t;
    }

    /// <summary>"Conv_0", "Conv_1", …: one counter per op type.</summary>
    private string Name(string opType)
    {
        int index = _opCounts.GetValueOrDefault(opType);
        _opCounts[opType] = index + 1;
        return $"{opType}_{index}";
    }
}
