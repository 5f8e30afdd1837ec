using Google.Protobuf;
using Onnx;
using Verge.Core.Errors;

namespace Verge.Inference.Graph;

/// <summary>
/// Reads an ONNX file and checks that it is a whole, well-formed model before anything runs it:
/// parseable protobuf, a graph with nodes, every node input produced somewhere, initializers as large as their dims say.
/// Truncated and non-ONNX files fail here with a message that names the file and what to do. External data is the
/// <see cref="ExternalData"/> gate's: inlined from inside the model's folder for files, refused for bytes.
/// </summary>
public static class OnnxModelFile
{
    public static ModelProto Read(string path)
    {
        if (Directory.Exists(path))
            throw new InputException($"'{path}' is a folder, not an ONNX file; give the path to a .onnx file");
        if (!File.Exists(path))
            throw new InputException($"model file '{path}' not found; give the path to an .onnx file or a zoo name such as zoo:resnet18");

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InputException($"'{path}' is not a readable ONNX model ({Trim(e.Message)}); the file may be truncated or not ONNX: re-export or re-download it");
        }
        ExternalData.Inline(model, path);
        Validate(model, path);
        return model;
    }

    public static ModelProto Parse(byte[] bytes, string label)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InputException($"'{label}' is not a readable ONNX model ({Trim(e.Message)})");
        }
        ExternalData.RefuseAll(model);
        Validate(model, label);
        return model;
    }

    public static void Validate(ModelProto model, string label)
    {
        var g = model.Graph;
        if (model.IrVersion <= 0 || g is null || g.Node.Count == 0 || model.OpsetImport.Count == 0)
            throw new InputException($"'{label}' is not an ONNX model (no IR version, opset or graph nodes); give a .onnx file exported from PyTorch, TensorFlow or Verge");
        if (g.Output.Count == 0)
            throw new InputException($"'{label}' has a graph with no outputs; re-export the model with its outputs named");

        var defined = new HashSet<string>(StringComparer.Ordinal) { "" };
        foreach (var i in g.Input) defined.Add(i.Name);
        foreach (var init in g.Initializer)
        {
            defined.Add(init.Name);
            CheckInitializer(init, label);
        }
        foreach (var n in g.Node)
            foreach (var o in n.Output)
                defined.Add(o);
        foreach (var n in g.Node)
            foreach (var i in n.Input)
                if (!defined.Contains(i))
                    throw new InputException($"'{label}' is incomplete: node '{n.Name}' ({n.OpType}) reads tensor '{i}' that nothing produces; the file may be truncated: re-export it");
        foreach (var o in g.Output)
            if (!defined.Contains(o.Name))
                throw new InputException($"'{label}' is incomplete: graph output '{o.Name}' is produced by no node; the file may be truncated: re-export it");
    }

    private static void CheckInitializer(TensorProto t, string label)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
            throw new InputException($"'{label}' keeps weight '{t.Name}' in an external data file, which Verge does not read; re-export with the weights inside the .onnx file");
        var size = ElementType.Size(t.DataType);
        if (size == 0 || t.RawData.IsEmpty) return;
        long elements = t.Dims.Aggregate(1L, (a, d) => a * d);
        if (t.RawData.Length != elements * size)
            throw new InputException($"'{label}' is damaged: weight '{t.Name}' holds {t.RawData.Length} bytes but its shape needs {elements * size}; the file may be truncated: re-export it");
    }

    private static string Trim(string message) => message.ReplaceLineEndings(" ").TrimEnd('.');
}
