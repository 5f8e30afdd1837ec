using Google.Protobuf;
using Onnx;
using Verge.Core.Errors;

namespace Verge.Inference.Graph;

/// <summary>
/// An ONNX model understood: inputs and outputs, nodes in topological order with unique names, every tensor's
/// static shape and size, parameter and MAC counts. The underlying <see cref="Proto"/> is normalised the same way
/// (names filled in, input shapes fixed, a Verge export's symbolic batch taken as 1), so sessions built from
/// <see cref="ToBytes"/> report the names shown here.
/// </summary>
public sealed class ModelGraph
{
    private ModelGraph(string source, string? file, ModelProto proto, IReadOnlyList<TensorInfo> inputs, IReadOnlyList<TensorInfo> outputs,
        IReadOnlyList<GraphNode> nodes, IReadOnlyDictionary<string, TensorInfo> tensors, IReadOnlySet<string> initializers)
    {
        Source = source;
        File = file;
        Proto = proto;
        Inputs = inputs;
        Outputs = outputs;
        Nodes = nodes;
        Tensors = tensors;
        Initializers = initializers;
    }

    /// <summary>Where the model came from, as the user named it (a path or zoo:NAME).</summary>
    public string Source { get; }

    /// <summary>The file the model was read from; null for a graph made from a proto in memory.</summary>
    public string? File { get; }
    public ModelProto Proto { get; }
    public IReadOnlyList<TensorInfo> Inputs { get; }
    public IReadOnlyList<TensorInfo> Outputs { get; }
    public IReadOnlyList<GraphNode> Nodes { get; }
    public IReadOnlyDictionary<string, TensorInfo> Tensors { get; }
    public IReadOnlySet<string> Initializers { get; }
    public long ParamsTotal => Nodes.Sum(n => n.Params);
    public long MacsTotal => Nodes.Sum(n => n.Macs);
    public long OpsetVersion => Proto.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();

    public byte[] ToBytes() => Proto.ToByteArray();

    /// <summary>
    /// Loads a model file; zoo names are resolved to files before (<c>ModelZoo.Resolve</c>). <paramref name="shapes"/>
    /// fixes symbolic input dimensions; <paramref name="source"/> is how the user named the model (the path by default).
    /// </summary>
    public static ModelGraph Load(string path, IReadOnlyDictionary<string, long[]>? shapes = null, string? source = null) =>
        Build(OnnxModelFile.Read(path), source ?? path, path, shapes);

    public static ModelGraph FromProto(ModelProto proto, string source, IReadOnlyDictionary<string, long[]>? shapes = null) =>
        Build(proto, source, null, shapes);

    private static ModelGraph Build(ModelProto proto, string source, string? file, IReadOnlyDictionary<string, long[]>? shapes)
    {
        proto = proto.Clone();
        BatchDimension.FixToOne(proto);
        FixInputShapes(proto, source, shapes ?? new Dictionary<string, long[]>());
        var order = TopologicalOrder(proto.Graph, source);
        proto.Graph.Node.Clear();
        proto.Graph.Node.AddRange(order);
        NameNodes(proto.Graph);

        var tensors = ShapeResolver.Resolve(proto, source);
        TensorInfo? Lookup(string name) => tensors.TryGetValue(name, out var t) ? t : null;

        var initializers = proto.Graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var owned = new HashSet<string>(StringComparer.Ordinal);
        var nodes = new List<GraphNode>(proto.Graph.Node.Count);
        foreach (var n in proto.Graph.Node)
        {
            // A weight shared by several nodes is counted once, at its first reader.
            long parameters = n.Input.Where(i => initializers.Contains(i) && owned.Add(i))
                .Select(i => tensors[i]).Where(t => ElementType.IsFloatingPoint(t.ElementType)).Sum(t => t.Elements);
            long outBytes = n.Output.Where(o => o.Length > 0).Sum(o => Lookup(o) is { Bytes: >= 0 } t ? t.Bytes : 0);
            nodes.Add(new GraphNode(nodes.Count, n.Name, n.OpType, n.Input.ToList(), n.Output.ToList(),
                parameters, MacCounter.Count(n, Lookup), outBytes));
        }

        var inputs = DeclaredInputs.Of(proto).Select(t => tensors.GetValueOrDefault(t.Name) ?? t).ToList();
        var outputs = proto.Graph.Output.Select(o => Lookup(o.Name) ?? new TensorInfo(o.Name, 0, [-1])).ToList();
        return new ModelGraph(source, file, proto, inputs, outputs, nodes, tensors, initializers);
    }

    private static void FixInputShapes(ModelProto proto, string source, IReadOnlyDictionary<string, long[]> shapes)
    {
        var declared = DeclaredInputs.Of(proto).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in shapes.Keys)
            if (!declared.Contains(name))
                throw new InputException($"shape override names input '{name}', but '{source}' has inputs: {string.Join(", ", declared)}") { Term = "shape override" };

        foreach (var vi in proto.Graph.Input.Where(v => declared.Contains(v.Name)))
        {
            var tt = vi.Type?.TensorType ?? throw new InputException($"input '{vi.Name}' of '{source}' is not a tensor; Verge handles tensor inputs only");
            if (shapes.TryGetValue(vi.Name, out var given))
            {
                tt.Shape = new TensorShapeProto();
                foreach (var d in given) tt.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
                continue;
            }
            var dims = tt.Shape?.Dim;
            if (dims is null || dims.Any(d => d.ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || d.DimValue <= 0))
            {
                var shown = dims is null ? "unknown rank" : string.Join('x', dims.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue > 0 ? d.DimValue.ToString() : (d.DimParam.Length > 0 ? d.DimParam : "?")));
                var example = dims is null ? "1x3x224x224" : string.Join('x', dims.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue > 0 ? d.DimValue : 1));
                throw new InputException($"input '{vi.Name}' of '{source}' has symbolic dimensions ({shown}); give concrete ones with a shape override {vi.Name}={example}") { Term = "a shape override" };
            }
        }
    }

    /// <summary>Kahn's algorithm, stable in file order, so a valid ONNX file keeps its own order.</summary>
    private static List<NodeProto> TopologicalOrder(GraphProto g, string source)
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < g.Node.Count; i++)
            foreach (var o in g.Node[i].Output)
                if (o.Length > 0) producer[o] = i;

        var pending = new int[g.Node.Count];
        var consumers = new List<int>[g.Node.Count];
        for (int i = 0; i < g.Node.Count; i++) consumers[i] = [];
        for (int i = 0; i < g.Node.Count; i++)
            foreach (var input in SubgraphAwareInputs(g.Node[i]).Distinct())
                if (producer.TryGetValue(input, out var p) && p != i)
                {
                    pending[i]++;
                    consumers[p].Add(i);
                }

        var ready = new PriorityQueue<int, int>();
        for (int i = 0; i < g.Node.Count; i++)
            if (pending[i] == 0) ready.Enqueue(i, i);
        var order = new List<NodeProto>(g.Node.Count);
        while (ready.TryDequeue(out var i, out _))
        {
            order.Add(g.Node[i]);
            foreach (var c in consumers[i])
                if (--pending[c] == 0) ready.Enqueue(c, c);
        }
        if (order.Count != g.Node.Count)
            throw new InputException($"'{source}' has a cycle in its graph; an ONNX graph must be acyclic: re-export the model");
        return order;
    }

    private static IEnumerable<string> SubgraphAwareInputs(NodeProto node)
    {
        foreach (var i in node.Input)
            if (i.Length > 0) yield return i;
        // Control-flow nodes (If, Loop, Scan) may read outer tensors from inside their subgraphs.
        foreach (var a in node.Attribute)
        {
            var graphs = a.G is not null ? [a.G] : a.Graphs.ToArray();
            foreach (var sub in graphs)
                foreach (var n in sub.Node)
                    foreach (var i in SubgraphAwareInputs(n))
                        yield return i;
        }
    }

    private static void NameNodes(GraphProto g)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < g.Node.Count; i++)
        {
            var n = g.Node[i];
            if (n.Name.Length == 0 || !used.Add(n.Name))
            {
                var name = $"{n.OpType}_{i}";
                while (!used.Add(name)) name += "_";
                n.Name = name;
            }
        }
    }
}
