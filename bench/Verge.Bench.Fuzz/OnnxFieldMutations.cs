using Google.Protobuf;
using Onnx;

namespace Verge.Bench.Fuzz;

/// <summary>
/// Mutations that keep the protobuf well formed but make the model hostile: absurd or negative dims, wrong element
/// types, missing initializers, cycles, unknown ops, external data paths (issue 17's list).
/// </summary>
public static class OnnxFieldMutations
{
    private static readonly long[] Dims = [0, -1, -7, 1L << 31, 1L << 40, long.MaxValue, long.MinValue, 3, 1_000_000_007];
    private static readonly string[] ExternalPaths = ["weights.bin", "../README.md", "../../../../etc/passwd", "/etc/hostname", "/proc/self/environ",
        "sub/../../x.bin", "", "\0", "nonexistent.bin", ".", "/dev/zero", "verge.dll"];

    /// <summary>One field-level mutation of <paramref name="model"/> in place; returns what it did.</summary>
    public static string Apply(Random rng, ModelProto model)
    {
        var g = model.Graph ??= new GraphProto();
        switch (rng.Next(14))
        {
            case 0:
            {
                var v = PickValue(rng, g);
                if (v?.Type?.TensorType?.Shape is not { Dim.Count: > 0 } shape) return "dims: none to change";
                var d = Dims[rng.Next(Dims.Length)];
                shape.Dim[rng.Next(shape.Dim.Count)] = new TensorShapeProto.Types.Dimension { DimValue = d };
                return $"dims: value '{v.Name}' dim set to {d}";
            }
            case 1:
            {
                if (g.Initializer.Count == 0) return "initializer dims: none";
                var t = g.Initializer[rng.Next(g.Initializer.Count)];
                var d = Dims[rng.Next(Dims.Length)];
                if (t.Dims.Count == 0) t.Dims.Add(d); else t.Dims[rng.Next(t.Dims.Count)] = d;
                return $"initializer '{t.Name}' dim set to {d}";
            }
            case 2:
            {
                var v = PickValue(rng, g);
                int type = rng.Next(-2, 30);
                if (v?.Type?.TensorType is { } tt) tt.ElemType = type;
                return $"elem type of '{v?.Name}' set to {type}";
            }
            case 3:
            {
                if (g.Initializer.Count == 0) return "initializer type: none";
                var t = g.Initializer[rng.Next(g.Initializer.Count)];
                t.DataType = rng.Next(-2, 30);
                return $"initializer '{t.Name}' data type set to {t.DataType}";
            }
            case 4:
            {
                if (g.Initializer.Count == 0) return "remove initializer: none";
                int i = rng.Next(g.Initializer.Count);
                var name = g.Initializer[i].Name;
                g.Initializer.RemoveAt(i);
                return $"initializer '{name}' removed";
            }
            case 5:
            {
                if (g.Node.Count < 2) return "cycle: too few nodes";
                // The first node reads the last node's output: a cycle through the whole graph.
                var first = g.Node[0];
                var last = g.Node[^1];
                if (first.Input.Count == 0 || last.Output.Count == 0) return "cycle: no tensors";
                first.Input[0] = last.Output[0];
                return $"cycle: node '{first.Name}' reads '{last.Output[0]}'";
            }
            case 6:
            {
                if (g.Node.Count == 0) return "unknown op: no nodes";
                var n = g.Node[rng.Next(g.Node.Count)];
                (n.OpType, n.Domain) = rng.Next(3) switch { 0 => ("FuzzOp", ""), 1 => ("Conv", "com.fuzz"), _ => ("", "") };
                return $"op of '{n.Name}' set to '{n.OpType}' in '{n.Domain}'";
            }
            case 7:
            {
                if (g.Initializer.Count == 0) return "external data: none";
                var t = g.Initializer[rng.Next(g.Initializer.Count)];
                var path = ExternalPaths[rng.Next(ExternalPaths.Length)];
                t.RawData = ByteString.Empty;
                t.FloatData.Clear();
                t.DataLocation = TensorProto.Types.DataLocation.External;
                t.ExternalData.Clear();
                t.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = path });
                if (rng.Next(2) == 0) t.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = rng.Next(2) == 0 ? "0" : "-5" });
                if (rng.Next(2) == 0) t.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = rng.Next(2) == 0 ? "16" : "99999999999" });
                return $"initializer '{t.Name}' points to external data '{path}'";
            }
            case 8:
            {
                long version = new long[] { 0, 1, 6, 99999, -1 }[rng.Next(5)];
                if (model.OpsetImport.Count == 0) model.OpsetImport.Add(new OperatorSetIdProto());
                model.OpsetImport[0].Version = version;
                if (rng.Next(2) == 0) model.IrVersion = rng.Next(-1, 20);
                return $"opset set to {version}, IR version {model.IrVersion}";
            }
            case 9:
            {
                if (g.Node.Count == 0) return "remove node: none";
                int i = rng.Next(g.Node.Count);
                var name = g.Node[i].Name;
                g.Node.RemoveAt(i);
                return $"node '{name}' removed";
            }
            case 10:
            {
                if (g.Node.Count == 0) return "dangling input: no nodes";
                var n = g.Node[rng.Next(g.Node.Count)];
                if (n.Input.Count == 0) n.Input.Add("fuzz_missing"); else n.Input[rng.Next(n.Input.Count)] = rng.Next(2) == 0 ? "fuzz_missing" : "";
                return $"node '{n.Name}' reads a missing tensor";
            }
            case 11:
            {
                if (g.Node.Count == 0) return "attribute: no nodes";
                var n = g.Node[rng.Next(g.Node.Count)];
                var a = new AttributeProto { Name = n.Attribute.Count > 0 && rng.Next(2) == 0 ? n.Attribute[0].Name : "fuzz_attr" };
                switch (rng.Next(3))
                {
                    case 0: a.Type = AttributeProto.Types.AttributeType.Ints; a.Ints.Add([-1, long.MaxValue, 0]); break;
                    case 1: a.Type = AttributeProto.Types.AttributeType.String; a.S = ByteString.CopyFromUtf8("fuzz"); break;
                    default: a.Type = AttributeProto.Types.AttributeType.Float; a.F = float.NaN; break;
                }
                if (n.Attribute.Count > 0 && a.Name == n.Attribute[0].Name) n.Attribute[0] = a; else n.Attribute.Add(a);
                return $"attribute '{a.Name}' of '{n.Name}' set to a {a.Type}";
            }
            case 12:
            {
                if (g.Input.Count == 0) return "inputs: none";
                if (rng.Next(2) == 0) { g.Input.Clear(); return "graph inputs removed"; }
                g.Output.Clear();
                return "graph outputs removed";
            }
            default:
            {
                if (g.Node.Count == 0) return "duplicate: no nodes";
                var n = g.Node[rng.Next(g.Node.Count)];
                g.Node.Add(n.Clone());
                return $"node '{n.Name}' duplicated (two producers of one tensor)";
            }
        }
    }

    private static ValueInfoProto? PickValue(Random rng, GraphProto g)
    {
        var all = g.Input.Concat(g.Output).Concat(g.ValueInfo).ToList();
        return all.Count == 0 ? null : all[rng.Next(all.Count)];
    }
}
