using Google.Protobuf;
using Onnx;
using Verge.Core.Files;

namespace Verge.Inference.Graph.Building;

/// <summary>
/// Verge's one way to write an ONNX model (opset 13) from code: each layer method adds one node, computes the static
/// shape of what it produces and returns it, so a network reads like its PyTorch <c>forward</c>. Every intermediate
/// shape is written to <c>value_info</c>, so <see cref="ModelGraph"/> never has to run the model. Node names are the
/// caller's (e.g. <c>layer1.0.conv1</c>) and must be unique; a node's single output tensor carries the node's name.
/// Weights are either given (<see cref="Constant"/>, then the layer overloads that take them; what the learning
/// exporter does) or seeded, named <c>NAME.weight</c> / <c>NAME.bias</c> (what the zoo does).
/// </summary>
public sealed partial class OnnxBuilder
{
    public const int Opset = 13;

    /// <summary>IR version 7 goes with opset 13 (as torch.onnx writes it).</summary>
    public const long IrVersion = 7;

    private readonly GraphProto graph;
    private readonly Dictionary<string, TensorRef> tensors = new(StringComparer.Ordinal);
    private readonly List<string> produced = [];
    private readonly HashSet<string> nodeNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> outputs = new(StringComparer.Ordinal);
    private readonly string producer;

    /// <param name="graphName">The graph's name, e.g. <c>resnet18</c>.</param>
    /// <param name="seed">Seed of every seeded weight; the same seed and calls give the same bytes.</param>
    /// <param name="producer">The model's producer_name.</param>
    public OnnxBuilder(string graphName, int seed = 1, string producer = "verge-zoo")
    {
        graph = new GraphProto { Name = graphName };
        Seed = seed;
        this.producer = producer;
    }

    public int Seed { get; }

    public int NodeCount => graph.Node.Count;

    /// <summary>Declares a float graph input with a static shape.</summary>
    public TensorRef Input(string name, params long[] shape)
    {
        if (shape.Length == 0 || shape.Any(d => d <= 0))
            throw new ArgumentException($"input '{name}' needs a static shape with positive dimensions", nameof(shape));
        var t = Register(name, shape);
        graph.Input.Add(ValueInfo(t));
        return t;
    }

    /// <summary>Marks <paramref name="x"/> as a graph output, renaming it to <paramref name="name"/> if given.</summary>
    public OnnxBuilder Output(TensorRef x, string? name = null)
    {
        if (!tensors.ContainsKey(x.Name)) throw new ArgumentException($"'{x.Name}' is not a tensor of this graph", nameof(x));
        if (name is not null) x = Rename(x, name);
        if (!outputs.Add(x.Name)) throw new ArgumentException($"'{x.Name}' is already an output", nameof(x));
        graph.Output.Add(ValueInfo(x));
        return this;
    }

    /// <summary>The model so far, with value_info for every intermediate tensor.</summary>
    public ModelProto Build(string docString = "")
    {
        if (graph.Output.Count == 0) throw new InvalidOperationException("the graph has no outputs; call Output(...) first");
        var g = graph.Clone();
        g.ValueInfo.Clear();
        foreach (var name in produced)
            if (!outputs.Contains(name))
                g.ValueInfo.Add(ValueInfo(tensors[name]));
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = producer,
            ProducerVersion = "1",
            DocString = docString,
            Graph = g,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    public void Save(string path, string docString = "") => AtomicFile.WriteAllBytes(path, Build(docString).ToByteArray(), "model");

    /// <summary>A float initializer the caller fills (e.g. a fixed scale), usable as any node's input.</summary>
    public TensorRef Constant(string name, long[] shape, float[] values)
    {
        if (values.LongLength != shape.Aggregate(1L, (a, d) => a * d))
            throw new ArgumentException($"constant '{name}' has {values.Length} values for shape [{string.Join(',', shape)}]", nameof(values));
        var t = Register(name, shape);
        graph.Initializer.Add(OnnxProtos.Floats(name, shape, values));
        return t;
    }

    private TensorRef HeWeight(string name, long[] shape, long fanIn) =>
        Constant(name, shape, SeededWeights.HeNormal(Seed, name, shape.Aggregate(1L, (a, d) => a * d), fanIn));

    private TensorRef SmallBias(string name, long size) =>
        Constant(name, [size], SeededWeights.Normal(Seed, name, size, 0f, 0.01f));

    /// <summary>A scalar float shared by every node that needs the same value (Clip bounds).</summary>
    private string Scalar(float value)
    {
        var name = $"const.{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        if (!tensors.ContainsKey(name)) Constant(name, [], [value]);
        return name;
    }

    private string Int64s(string name, long[] values)
    {
        if (tensors.ContainsKey(name)) throw new ArgumentException($"tensor name '{name}' is taken");
        tensors[name] = new TensorRef(name, [values.Length]);
        graph.Initializer.Add(OnnxProtos.Int64s(name, [values.Length], values));
        return name;
    }

    private TensorRef Node(string opType, string name, IEnumerable<string> inputs, long[] shape, params AttributeProto[] attributes) =>
        Node(opType, name, inputs, [name], [shape], attributes)[0];

    private TensorRef[] Node(string opType, string name, IEnumerable<string> inputs, string[] outputNames, long[][] shapes, params AttributeProto[] attributes)
    {
        if (!nodeNames.Add(name)) throw new ArgumentException($"node name '{name}' is used twice; node names must be unique");
        var node = OnnxProtos.Node(opType, name, inputs, outputNames, attributes);
        var results = new TensorRef[outputNames.Length];
        for (int i = 0; i < outputNames.Length; i++)
        {
            results[i] = Register(outputNames[i], shapes[i]);
            produced.Add(outputNames[i]);
        }
        graph.Node.Add(node);
        return results;
    }

    private TensorRef Register(string name, long[] shape)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("tensor names must not be empty");
        var t = new TensorRef(name, shape);
        if (!tensors.TryAdd(name, t)) throw new ArgumentException($"tensor name '{name}' is used twice; name each layer once");
        return t;
    }

    /// <summary>Gives tensor <paramref name="x"/> another name everywhere it is read or written (e.g. <c>branch1</c>).</summary>
    public TensorRef Rename(TensorRef x, string name)
    {
        if (!tensors.ContainsKey(x.Name)) throw new ArgumentException($"'{x.Name}' is not a tensor of this graph", nameof(x));
        if (name == x.Name) return tensors[name];
        if (tensors.ContainsKey(name)) throw new ArgumentException($"tensor name '{name}' is taken", nameof(name));
        var from = x.Name;
        foreach (var n in graph.Node)
        {
            for (int i = 0; i < n.Input.Count; i++) if (n.Input[i] == from) n.Input[i] = name;
            for (int i = 0; i < n.Output.Count; i++) if (n.Output[i] == from) n.Output[i] = name;
        }
        foreach (var vi in graph.Input.Concat(graph.Output)) if (vi.Name == from) vi.Name = name;
        if (outputs.Remove(from)) outputs.Add(name);
        tensors.Remove(from, out var old);
        var renamed = tensors[name] = old! with { Name = name };
        var at = produced.IndexOf(from);
        if (at >= 0) produced[at] = name;
        return renamed;
    }

    private static ValueInfoProto ValueInfo(TensorRef t) => OnnxProtos.FloatValue(t.Name, t.Shape);

    private static AttributeProto Attr(string name, long value) => OnnxProtos.Int(name, value);

    private static AttributeProto Attr(string name, float value) => OnnxProtos.Float(name, value);

    private static AttributeProto Attr(string name, params long[] values) => OnnxProtos.Ints(name, values);
}
