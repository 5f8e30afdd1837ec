using Onnx;
using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Passes;

namespace Verge.Inference.Privacy.TwoParty;

/// <summary>
/// A chain CNN read from ONNX for two-party inference: the public architecture (<see cref="Layers"/>, known to both
/// parties) and the private weights (known to the edge only). Any op outside Conv, Relu, MaxPool, Gemm, MatMul,
/// Flatten and Reshape is refused by name.
/// </summary>
public sealed class SecureModel
{
    public const string Supported = "Conv, Relu, MaxPool, Gemm, MatMul, Flatten, Reshape";

    private SecureModel(string source, IReadOnlyList<SecureLayer> layers, IReadOnlyList<LinearWeights> weights) =>
        (Source, Layers, Weights) = (source, layers, weights);

    public string Source { get; }
    public IReadOnlyList<SecureLayer> Layers { get; }
    public IReadOnlyList<LinearWeights> Weights { get; }
    public int InputSize => Layers[0].InSize;
    public int OutputSize => Layers[^1].OutSize;

    /// <summary>The architecture in one line: both parties must hold the same before they start.</summary>
    public string Fingerprint => string.Join(";", Layers);

    public static SecureModel Load(string path, string source)
    {
        var proto = OnnxModelFile.Read(path);
        var graph = proto.Graph;
        var inits = graph.Initializer.ToDictionary(t => t.Name);
        var input = graph.Input.FirstOrDefault(i => !inits.ContainsKey(i.Name))
            ?? throw new InputException($"'{source}' has no input; 2pc inference needs a model with one image or vector input");
        var dims = input.Type.TensorType.Shape.Dim.Skip(1).Select(d => d.DimValue > 0 ? (int)d.DimValue : -1).ToArray();
        if (dims.Length is not (1 or 3) || dims.Any(d => d <= 0))
            throw new InputException($"'{source}' takes input [{string.Join(',', dims)}] after the batch; 2pc inference needs C×H×W or a vector of known size");
        var (c, h, w) = dims.Length == 3 ? (dims[0], dims[1], dims[2]) : (dims[0], 1, 1);
        string current = input.Name;
        var layers = new List<SecureLayer>();
        var weights = new List<LinearWeights>();
        foreach (var node in graph.Node)
        {
            if (node.Input.Count == 0 || node.Input[0] != current)
                throw new InputException($"'{source}' is not a chain at node '{node.Name}' ({node.OpType}); 2pc inference runs chain models ({Supported})");
            float[] Init(int i, string what) => node.Input.Count > i && inits.TryGetValue(node.Input[i], out var t)
                ? ProtoValues.ReadFloats(t, source)
                : throw new InputException($"'{source}' node '{node.Name}' has no constant {what}; 2pc inference needs weights stored in the model");
            SecureLayer layer;
            switch (node.OpType)
            {
                case "Conv":
                    layer = Conv(node, source, c, h, w, inits, Init(1, "weight"), node.Input.Count > 2 ? Init(2, "bias") : null, weights);
                    break;
                case "Gemm" or "MatMul":
                    layer = Dense(node, source, c * h * w, inits, Init(1, "weight"), node.Input.Count > 2 ? Init(2, "bias") : null, weights);
                    break;
                case "Relu":
                    layer = new SecureLayer(node.Name, "Relu", c, h, w, c, h, w);
                    break;
                case "MaxPool":
                    layer = Pool(node, source, c, h, w);
                    break;
                case "Flatten" or "Reshape":
                    layer = new SecureLayer(node.Name, "Flatten", c, h, w, c * h * w, 1, 1);
                    break;
                default:
                    throw new InputException($"'{source}' has node '{node.Name}' of op {node.OpType}, which 2pc inference does not run; it runs {Supported}");
            }
            layers.Add(layer);
            (c, h, w) = (layer.OutC, layer.OutH, layer.OutW);
            current = node.Output[0];
        }
        if (layers.Count == 0) throw new InputException($"'{source}' has no nodes");
        return new SecureModel(source, layers, weights);
    }

    private static SecureLayer Conv(NodeProto node, string source, int c, int h, int w, Dictionary<string, TensorProto> inits,
        float[] kernel, float[]? bias, List<LinearWeights> weights)
    {
        var shape = inits[node.Input[1]].Dims.Select(d => (int)d).ToArray();
        var pads = Ints(node, "pads", [0, 0, 0, 0]);
        var strides = Ints(node, "strides", [1, 1]);
        if (ProtoValues.Int(node, "group", 1) != 1 || Ints(node, "dilations", [1, 1]).Any(d => d != 1) || shape.Length != 4 || shape[1] != c
            || (ProtoValues.Attribute(node, "auto_pad") is { } a && a.S.ToStringUtf8() is not ("" or "NOTSET")))
            throw new InputException($"'{source}' Conv '{node.Name}' uses groups, dilation, auto_pad or another input shape; 2pc inference runs plain 2-D convolutions");
        int o = shape[0], kh = shape[2], kw = shape[3];
        int oh = (h + pads[0] + pads[2] - kh) / strides[0] + 1, ow = (w + pads[1] + pads[3] - kw) / strides[1] + 1;
        // Kernel O×(C·KH·KW) becomes the K×N matrix of the im2col product.
        int k = c * kh * kw;
        var matrix = new float[k * o];
        for (int oc = 0; oc < o; oc++)
            for (int j = 0; j < k; j++) matrix[j * o + oc] = kernel[oc * k + j];
        weights.Add(new LinearWeights(k, o, matrix, bias ?? new float[o]));
        return new SecureLayer(node.Name, "Conv", c, h, w, o, oh, ow)
        {
            KernelH = kh, KernelW = kw, StrideH = strides[0], StrideW = strides[1], PadTop = pads[0], PadLeft = pads[1], Linear = weights.Count - 1,
        };
    }

    private static SecureLayer Dense(NodeProto node, string source, int features, Dictionary<string, TensorProto> inits,
        float[] b, float[]? bias, List<LinearWeights> weights)
    {
        var shape = inits[node.Input[1]].Dims.Select(d => (int)d).ToArray();
        bool transB = ProtoValues.Int(node, "transB", 0) == 1;
        if (ProtoValues.Int(node, "transA", 0) != 0 || ProtoValues.Float(node, "alpha", 1) != 1 || ProtoValues.Float(node, "beta", 1) != 1 || shape.Length != 2)
            throw new InputException($"'{source}' {node.OpType} '{node.Name}' uses transA, alpha or beta; 2pc inference runs y = x·W + b");
        int k = transB ? shape[1] : shape[0], n = transB ? shape[0] : shape[1];
        if (k != features) throw new InputException($"'{source}' {node.OpType} '{node.Name}' takes {k} features, not the {features} it gets");
        var matrix = b;
        if (transB)
        {
            matrix = new float[k * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < k; j++) matrix[j * n + i] = b[i * k + j];
        }
        if (bias is not null && bias.Length != n) throw new InputException($"'{source}' {node.OpType} '{node.Name}' has a bias of {bias.Length}, not {n}");
        weights.Add(new LinearWeights(k, n, matrix, bias ?? new float[n]));
        return new SecureLayer(node.Name, "Gemm", features, 1, 1, n, 1, 1) { Linear = weights.Count - 1 };
    }

    private static SecureLayer Pool(NodeProto node, string source, int c, int h, int w)
    {
        var kernel = Ints(node, "kernel_shape", []);
        var strides = Ints(node, "strides", [1, 1]);
        if (kernel.Length != 2 || Ints(node, "pads", [0, 0, 0, 0]).Any(p => p != 0) || ProtoValues.Int(node, "ceil_mode", 0) != 0
            || Ints(node, "dilations", [1, 1]).Any(d => d != 1))
            throw new InputException($"'{source}' MaxPool '{node.Name}' uses padding, ceil_mode or dilation; 2pc inference runs unpadded 2-D max-pooling");
        int oh = (h - kernel[0]) / strides[0] + 1, ow = (w - kernel[1]) / strides[1] + 1;
        return new SecureLayer(node.Name, "MaxPool", c, h, w, c, oh, ow)
        {
            KernelH = kernel[0], KernelW = kernel[1], StrideH = strides[0], StrideW = strides[1],
        };
    }

    private static int[] Ints(NodeProto node, string name, int[] fallback) =>
        ProtoValues.Attribute(node, name) is { } a && a.Ints.Count > 0 ? a.Ints.Select(i => (int)i).ToArray() : fallback;
}
