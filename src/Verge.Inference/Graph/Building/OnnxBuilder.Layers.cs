using Onnx;

namespace Verge.Inference.Graph.Building;

/// <summary>Convolution, normalisation, activation and pooling layers of <see cref="OnnxBuilder"/> (NCHW tensors).</summary>
public sealed partial class OnnxBuilder
{
    /// <summary>
    /// 2-D convolution with a square kernel and symmetric padding; <paramref name="groups"/> equal to the input
    /// channels (and output channels a multiple of them) makes it depthwise. The weight is [out, in/groups, k, k].
    /// </summary>
    public TensorRef Conv(string name, TensorRef x, long outChannels, int kernel, int stride = 1, int pad = 0,
        int dilation = 1, int groups = 1, bool bias = true)
    {
        RequireRank(x, 4, "Conv");
        long inChannels = x[1];
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"Conv '{name}': channels {inChannels}→{outChannels} are not divisible by {groups} groups");
        long perGroup = inChannels / groups;
        var w = HeWeight($"{name}.weight", [outChannels, perGroup, kernel, kernel], perGroup * kernel * kernel);
        var b = bias ? SmallBias($"{name}.bias", outChannels) : null;
        return Conv(name, x, w, b, stride, pad, dilation, groups);
    }

    /// <summary>2-D convolution with given weights [out, in/groups, k, k] (and bias [out]), e.g. a trained layer's.</summary>
    public TensorRef Conv(string name, TensorRef x, TensorRef weight, TensorRef? bias, int stride = 1, int pad = 0, int dilation = 1, int groups = 1)
    {
        RequireRank(x, 4, "Conv");
        RequireRank(weight, 4, "Conv weight");
        if (x[1] != weight[1] * groups)
            throw new ArgumentException($"Conv '{name}': {x} does not fit weight {weight} in {groups} groups");
        int kernel = (int)weight[2];
        var inputs = new List<string> { x.Name, weight.Name };
        if (bias is not null) inputs.Add(bias.Name);
        long h = WindowOutput(x[2], kernel, stride, pad, dilation, false);
        long wd = WindowOutput(x[3], kernel, stride, pad, dilation, false);
        return Node("Conv", name, inputs, [x[0], weight[0], h, wd],
            Attr("dilations", dilation, dilation), Attr("group", (long)groups), Attr("kernel_shape", kernel, kernel),
            Attr("pads", pad, pad, pad, pad), Attr("strides", stride, stride));
    }

    /// <summary>Depthwise convolution: one filter per channel (groups = channels).</summary>
    public TensorRef DepthwiseConv(string name, TensorRef x, int kernel, int stride = 1, int pad = 0, bool bias = true) =>
        Conv(name, x, x[1], kernel, stride, pad, 1, (int)x[1], bias);

    /// <summary>Inference-mode batch normalisation with seeded scale, shift and running statistics.</summary>
    public TensorRef BatchNormalization(string name, TensorRef x, float epsilon = 1e-5f)
    {
        long c = x[1];
        var scale = Constant($"{name}.weight", [c], SeededWeights.Uniform(Seed, $"{name}.weight", c, 0.5f, 1.5f));
        var shift = Constant($"{name}.bias", [c], SeededWeights.Normal(Seed, $"{name}.bias", c, 0f, 0.1f));
        var mean = Constant($"{name}.running_mean", [c], SeededWeights.Normal(Seed, $"{name}.running_mean", c, 0f, 0.1f));
        var variance = Constant($"{name}.running_var", [c], SeededWeights.Uniform(Seed, $"{name}.running_var", c, 0.5f, 1.5f));
        return BatchNormalization(name, x, scale, shift, mean, variance, epsilon);
    }

    /// <summary>Inference-mode batch normalisation with given scale, shift and running statistics (each [C]).</summary>
    public TensorRef BatchNormalization(string name, TensorRef x, TensorRef scale, TensorRef shift, TensorRef mean, TensorRef variance, float epsilon = 1e-5f) =>
        Node("BatchNormalization", name, [x.Name, scale.Name, shift.Name, mean.Name, variance.Name], x.Shape,
            Attr("epsilon", epsilon), Attr("momentum", 0.9f));

    /// <summary>Instance normalisation (opset 6): each [N, C] slice normalised over the remaining axes, then scale·x̂ + bias per C.</summary>
    public TensorRef InstanceNormalization(string name, TensorRef x, TensorRef scale, TensorRef bias, float epsilon = 1e-5f) =>
        Node("InstanceNormalization", name, [x.Name, scale.Name, bias.Name], x.Shape, Attr("epsilon", epsilon));

    public TensorRef Relu(string name, TensorRef x) => Node("Relu", name, [x.Name], x.Shape);

    public TensorRef Sigmoid(string name, TensorRef x) => Node("Sigmoid", name, [x.Name], x.Shape);

    public TensorRef Tanh(string name, TensorRef x) => Node("Tanh", name, [x.Name], x.Shape);

    /// <summary>Opset-13 Clip: the bounds are scalar inputs, not attributes.</summary>
    public TensorRef Clip(string name, TensorRef x, float min, float max) =>
        Node("Clip", name, [x.Name, Scalar(min), Scalar(max)], x.Shape);

    /// <summary>ReLU6 as torch.onnx writes it: Clip(x, 0, 6).</summary>
    public TensorRef Relu6(string name, TensorRef x) => Clip(name, x, 0f, 6f);

    public TensorRef MaxPool(string name, TensorRef x, int kernel, int stride, int pad = 0, bool ceilMode = false) =>
        Pool("MaxPool", name, x, kernel, stride, pad, ceilMode);

    public TensorRef AveragePool(string name, TensorRef x, int kernel, int stride, int pad = 0, bool ceilMode = false) =>
        Pool("AveragePool", name, x, kernel, stride, pad, ceilMode);

    public TensorRef GlobalAveragePool(string name, TensorRef x)
    {
        RequireRank(x, 4, "GlobalAveragePool");
        return Node("GlobalAveragePool", name, [x.Name], [x[0], x[1], 1, 1]);
    }

    private TensorRef Pool(string opType, string name, TensorRef x, int kernel, int stride, int pad, bool ceilMode)
    {
        RequireRank(x, 4, opType);
        long h = WindowOutput(x[2], kernel, stride, pad, 1, ceilMode);
        long w = WindowOutput(x[3], kernel, stride, pad, 1, ceilMode);
        var attributes = new List<AttributeProto>
        {
            Attr("ceil_mode", ceilMode ? 1L : 0L), Attr("kernel_shape", kernel, kernel),
            Attr("pads", pad, pad, pad, pad), Attr("strides", stride, stride),
        };
        return Node(opType, name, [x.Name], [x[0], x[1], h, w], [.. attributes]);
    }

    /// <summary>
    /// Output length of a sliding window. In ceil mode the last window must still start inside the input or its
    /// leading padding, as in PyTorch and ONNX Runtime.
    /// </summary>
    public static long WindowOutput(long size, int kernel, int stride, int pad, int dilation, bool ceilMode)
    {
        long span = size + 2L * pad - (long)dilation * (kernel - 1) - 1;
        if (span < 0) throw new ArgumentException($"a window of {kernel} (dilation {dilation}) does not fit in {size}+2×{pad}");
        long output = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceilMode && (output - 1) * stride >= size + pad) output--;
        return output;
    }

    private static void RequireRank(TensorRef x, int rank, string op)
    {
        if (x.Rank != rank) throw new ArgumentException($"{op} needs a rank-{rank} input, got {x}");
    }
}
