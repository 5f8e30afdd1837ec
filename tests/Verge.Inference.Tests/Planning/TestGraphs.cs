using Onnx;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Building;
using Verge.Inference.Runtime;

namespace Verge.Inference.Tests.Planning;

/// <summary>
/// Small ONNX graphs built in code: MatMul nodes whose widths set each tensor's size, Concat where two branches
/// meet. Every tensor's shape is declared, so no runtime is needed; weights carry dimensions but no data.
/// </summary>
internal static class TestGraphs
{
    /// <summary>input [1, widths[0]] → MatMul → [1, widths[1]] → … → output.</summary>
    public static ModelGraph Chain(params long[] widths)
    {
        var b = new Builder(widths[0]);
        var t = "input";
        for (int i = 1; i < widths.Length; i++) t = b.MatMul(t, widths[i]);
        return b.Build([t]);
    }

    /// <summary>
    /// A random DAG of <paramref name="count"/> nodes with widths from 2 to 16384 (log-uniform, so small tensors
    /// worth cutting at are common); dangling tensors become model outputs.
    /// </summary>
    public static ModelGraph RandomDag(Random rng, int count)
    {
        long Width() => 1L << rng.Next(1, 15);
        var b = new Builder(Width());
        var tensors = new List<string> { "input" };
        for (int i = 0; i < count; i++)
        {
            var a = tensors[rng.Next(tensors.Count)];
            if (tensors.Count > 1 && rng.NextDouble() < 0.35)
            {
                var c = tensors[rng.Next(tensors.Count)];
                tensors.Add(c == a ? b.MatMul(a, Width()) : b.Concat(a, c));
            }
            else tensors.Add(b.MatMul(a, Width()));
        }
        var read = b.Graph.Node.SelectMany(n => n.Input).ToHashSet();
        return b.Build(tensors.Skip(1).Where(t => !read.Contains(t)).ToList());
    }

    /// <summary>A profile where node i takes <paramref name="ms"/>(i) on the profiling host.</summary>
    public static ModelProfile Profile(ModelGraph graph, Func<int, double> ms)
    {
        var nodes = graph.Nodes.Select(n => new NodeTiming(n.Name, n.OpType, ms(n.Index), n.OutputBytes)).ToList();
        double total = nodes.Sum(n => n.Ms);
        return new ModelProfile("test", 1, 1, total, total, nodes);
    }

    private sealed class Builder
    {
        private readonly Dictionary<string, long> _width = new();
        private int _next;

        public Builder(long inputWidth)
        {
            Graph.Input.Add(Value("input", inputWidth));
            _width["input"] = inputWidth;
        }

        public GraphProto Graph { get; } = new() { Name = "test" };

        public string MatMul(string input, long width)
        {
            var name = $"t{_next++}";
            var weight = $"w_{name}";
            Graph.Initializer.Add(OnnxProtos.Raw(weight, ElementType.Float, [_width[input], width], []));
            return Add("MatMul", [input, weight], name, width);
        }

        public string Concat(string a, string b)
        {
            var node = Add("Concat", [a, b], $"t{_next++}", _width[a] + _width[b]);
            Graph.Node[^1].Attribute.Add(OnnxProtos.Int("axis", 1));
            return node;
        }

        public ModelGraph Build(IReadOnlyList<string> outputs)
        {
            foreach (var o in outputs) Graph.Output.Add(Value(o, _width[o]));
            var model = new ModelProto { IrVersion = 8, Graph = Graph };
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
            return ModelGraph.FromProto(model, "test");
        }

        private string Add(string op, string[] inputs, string output, long width)
        {
            Graph.Node.Add(OnnxProtos.Node(op, $"{op}_{output}", inputs, [output]));
            Graph.ValueInfo.Add(Value(output, width));
            _width[output] = width;
            return output;
        }

        private static ValueInfoProto Value(string name, long width) => OnnxProtos.FloatValue(name, [1, width]);
    }
}
