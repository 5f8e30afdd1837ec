using Verge.Core.Errors;
using Verge.Learning.Engine;
using Verge.Learning.Models;

namespace Verge.Learning.Compression.Pruning;

/// <summary>
/// Structured filter pruning (Li et al., Pruning Filters for Efficient ConvNets, ICLR 2017): in every dense
/// convolution the filters with the smallest L1 norm are removed, together with their batch-norm channels, the
/// matching channels of a following depthwise convolution, and the input channels (or flattened input features)
/// of the next layer that reads them. The result is a smaller dense model whose ONNX export has fewer channels.
/// </summary>
public static class ChannelPruner
{
    /// <summary>A new model with <paramref name="fraction"/> of each dense convolution's filters removed; <paramref name="model"/> is left as it is.</summary>
    public static TrainableModel Prune(TrainableModel model, double fraction)
    {
        new PruningOptions(fraction, Structured: true).Validate();
        var layers = new List<Layer>();
        Flatten(model.Body, layers);
        if (!layers.Any(l => l is Conv2d { Groups: 1 }))
            throw new UsageException($"'{model.Name}' has no convolution to prune channels from; use magnitude pruning (unstructured)") { Term = "magnitude pruning (unstructured)" };

        var pruned = new List<Layer>();
        int[]? keep = null;          // kept channels of the tensor flowing at this point (null: all)
        int channels = TrainableModel.ImageShape[0];
        int[]? flattenedKeep = null; // set by Flatten: channels kept of the [C, H, W] it flattened
        int flattenedChannels = 0;
        foreach (var layer in layers)
        {
            switch (layer)
            {
                case Conv2d { Groups: 1 } conv:
                    var input = keep ?? Enumerable.Range(0, conv.InChannels).ToArray();
                    var filters = TopFilters(conv, input, fraction);
                    pruned.Add(SliceConv(conv, filters, input));
                    (keep, channels) = (filters, conv.OutChannels);
                    break;
                case Conv2d depthwise when depthwise.Groups == depthwise.InChannels && depthwise.InChannels == depthwise.OutChannels:
                    var kept = keep ?? Enumerable.Range(0, depthwise.InChannels).ToArray();
                    pruned.Add(SliceDepthwise(depthwise, kept));
                    break;
                case Conv2d grouped:
                    throw new UsageException($"structured pruning cannot slice a grouped convolution ({grouped.Groups} groups of {grouped.InChannels} channels)");
                case BatchNorm2d bn:
                    pruned.Add(SliceBatchNorm(bn, keep ?? Enumerable.Range(0, bn.Channels).ToArray()));
                    break;
                case Engine.Flatten:
                    (flattenedKeep, flattenedChannels, keep) = (keep, channels, null);
                    pruned.Add(layer);
                    break;
                case Linear linear:
                    // Weighted layers are always copied, so that fine-tuning the pruned model leaves the original as it was.
                    pruned.Add(flattenedKeep is null ? SliceLinearInputs(linear, [0], 1) : SliceLinearInputs(linear, flattenedKeep, flattenedChannels));
                    flattenedKeep = null;
                    break;
                case ReLU or MaxPool2d or AvgPool2d or GlobalAvgPool or Dropout:
                    pruned.Add(layer);
                    break;
                default:
                    throw new UsageException($"structured pruning handles chains of Conv/BatchNorm/ReLU/pooling/Linear layers, not {layer.GetType().Name} (in '{model.Name}'); use magnitude pruning");
            }
        }
        return new TrainableModel(model.Name, new Sequential([.. pruned]));
    }

    private static void Flatten(Layer layer, List<Layer> into)
    {
        if (layer is Sequential s) foreach (var child in s.Layers) Flatten(child, into);
        else into.Add(layer);
    }

    /// <summary>Indices (ascending) of the filters to keep: the largest L1 norms over the kept input channels.</summary>
    private static int[] TopFilters(Conv2d conv, int[] input, double fraction)
    {
        int kk = conv.Kernel * conv.Kernel, perFilter = conv.InChannels * kk;
        int count = Math.Max(1, (int)Math.Round(conv.OutChannels * (1 - fraction)));
        var norms = new double[conv.OutChannels];
        for (int o = 0; o < conv.OutChannels; o++)
            foreach (var c in input)
                foreach (var v in conv.Weight.Data.AsSpan(o * perFilter + c * kk, kk)) norms[o] += Math.Abs(v);
        return Enumerable.Range(0, conv.OutChannels).OrderByDescending(o => norms[o]).ThenBy(o => o).Take(count).Order().ToArray();
    }

    private static Conv2d SliceConv(Conv2d conv, int[] filters, int[] input)
    {
        var result = new Conv2d(input.Length, filters.Length, conv.Kernel, new Rng(0), conv.Stride, conv.Padding, 1, conv.Bias is not null);
        int kk = conv.Kernel * conv.Kernel;
        for (int o = 0; o < filters.Length; o++)
        {
            for (int c = 0; c < input.Length; c++)
                conv.Weight.Data.AsSpan((filters[o] * conv.InChannels + input[c]) * kk, kk)
                    .CopyTo(result.Weight.Data.AsSpan((o * input.Length + c) * kk, kk));
            if (conv.Bias is not null) result.Bias!.Data[o] = conv.Bias.Data[filters[o]];
        }
        return result;
    }

    private static Conv2d SliceDepthwise(Conv2d conv, int[] kept)
    {
        var result = new Conv2d(kept.Length, kept.Length, conv.Kernel, new Rng(0), conv.Stride, conv.Padding, kept.Length, conv.Bias is not null);
        int kk = conv.Kernel * conv.Kernel;
        for (int i = 0; i < kept.Length; i++)
        {
            conv.Weight.Data.AsSpan(kept[i] * kk, kk).CopyTo(result.Weight.Data.AsSpan(i * kk, kk));
            if (conv.Bias is not null) result.Bias!.Data[i] = conv.Bias.Data[kept[i]];
        }
        return result;
    }

    private static BatchNorm2d SliceBatchNorm(BatchNorm2d bn, int[] keep)
    {
        var result = new BatchNorm2d(keep.Length, bn.Momentum, bn.Epsilon);
        for (int i = 0; i < keep.Length; i++)
        {
            result.Scale.Data[i] = bn.Scale.Data[keep[i]];
            result.Shift.Data[i] = bn.Shift.Data[keep[i]];
            result.RunningMean.Data[i] = bn.RunningMean.Data[keep[i]];
            result.RunningVar.Data[i] = bn.RunningVar.Data[keep[i]];
        }
        return result;
    }

    /// <summary>Keeps the columns of a Linear that read the kept channels of a flattened [C, H, W] tensor.</summary>
    private static Linear SliceLinearInputs(Linear linear, int[] keep, int channels)
    {
        if (linear.InFeatures % channels != 0)
            throw new InvalidOperationException($"Linear with {linear.InFeatures} inputs does not read a flattened tensor of {channels} channels");
        int plane = linear.InFeatures / channels;
        var result = new Linear(keep.Length * plane, linear.OutFeatures, new Rng(0));
        for (int o = 0; o < linear.OutFeatures; o++)
            for (int i = 0; i < keep.Length; i++)
                linear.Weight.Data.AsSpan(o * linear.InFeatures + keep[i] * plane, plane)
                    .CopyTo(result.Weight.Data.AsSpan(o * result.InFeatures + i * plane, plane));
        linear.Bias.Data.CopyTo(result.Bias.Data, 0);
        return result;
    }
}
