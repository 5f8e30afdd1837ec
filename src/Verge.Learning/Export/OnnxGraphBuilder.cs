using Google.Protobuf;
using Onnx;
using Verge.Learning.Engine;

namespace Verge.Learning.Export;

/// <summary>
/// Collects ONNX nodes and initializers while layers write themselves out (<see cref="Layer.ToOnnx"/>); weights
/// are named after the model's state names ("features.0.weight") so a graph reads like the model it came from.
/// </summary>
public sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph = new();
    private readonly Dictionary<Tensor, string> _names = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _opCounts = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(Module model)
    {
        foreach (var s in model.State()) _names[s.Tensor] = s.Name;
    }

    /// <summary>The initializer name for a model tensor, adding its values on first use.</summary>
    public string Initializer(Tensor tensor)
    {
        var name = _names.TryGetValue(tensor, out var known) ? known : $"const_{_names.Count}";
        _names[tensor] = name;
        if (_written.Add(name))
        {
            var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
            proto.Dims.AddRange(tensor.Shape.Select(d => (long)d));
            proto.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.Data.AsSpan()));
            _graph.Initializer.Add(proto);
        }
        return name;
    }

    /// <summary>Adds a node with one output, named after the op ("Conv_0", "Relu_3"); returns that output's name.</summary>
    public string Node(string opType, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        int index = _opCounts.GetValueOrDefault(opType);
        _opCounts[opType] = index + 1;
        var name = $"{opType}_{index}";
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(name);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return name;
    }

    /// <summary>Renames the tensor a node produced (used to call the last one "logits").</summary>
    public void RenameOutput(string from, string to)
    {
        foreach (var node in _graph.Node)
        {
            for (int i = 0; i < node.Output.Count; i++) if (node.Output[i] == from) node.Output[i] = to;
            for (int i = 0; i < node.Input.Count; i++) if (node.Input[i] == from) node.Input[i] = to;
        }
    }

    public ModelProto Build(string graphName, string inputName, long[] inputShape, string outputName, long[] outputShape, int opset = 13)
    {
        _graph.Name = graphName;
        _graph.Input.Add(ValueInfo(inputName, inputShape));
        _graph.Output.Add(ValueInfo(outputName, outputShape));
        var model = new ModelProto { IrVersion = 8, ProducerName = "verge", ProducerVersion = "1", Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return model;
    }

    private static ValueInfoProto ValueInfo(string name, long[] shape)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() };
        foreach (var d in shape) tensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }
}
