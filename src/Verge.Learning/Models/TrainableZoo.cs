using Verge.Core.Errors;
using Verge.Learning.Engine;

namespace Verge.Learning.Models;

/// <summary>
/// The models Verge trains itself on Fashion-MNIST. <see cref="Create"/> builds one with seeded weights;
/// <see cref="TrainedZoo"/> serves the pre-trained ONNX files as zoo:NAME.
/// </summary>
public static class TrainableZoo
{
    private static readonly Dictionary<string, (string Description, Func<Rng, Sequential> Build)> Builders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lenet5"] = ("LeNet-5 (LeCun et al., 1998) with ReLU and max pooling", LeNet5),
        ["mlp"] = ("multilayer perceptron 784-200-200-10", Mlp),
        ["cnn-small"] = ("two 5x5 conv + two fully connected layers, the FedAvg CNN (McMahan et al., AISTATS 2017) scaled down", CnnSmall),
        ["mobilenet-tiny"] = ("depthwise-separable blocks (Howard et al., MobileNets, 2017)", MobileNetTiny),
        ["resnet-tiny"] = ("basic residual blocks with batch norm (He et al., CVPR 2016)", ResNetTiny),
        ["mlp-small"] = ("multilayer perceptron 784-32-10, a small distillation student", MlpSmall),
        ["dp-cnn"] = ("two strided conv layers with tanh, the end-to-end CNN of DP-SGD benchmarks (Papernot et al., AAAI 2021; Tramèr & Boneh, ICLR 2021)", DpCnn),
        ["dp-cnn-gn"] = ("dp-cnn with group norm after each convolution (Wu & He, ECCV 2018): normalisation that DP-SGD can train", DpCnnGn),
        ["vgg-mini"] = ("three 3x3 conv layers of 32/64/128 channels (Simonyan & Zisserman, VGG, ICLR 2015): convolution-bound, for structured pruning", VggMini),
    };

    public static IReadOnlyList<string> Names { get; } = ["lenet5", "mlp", "cnn-small", "mobilenet-tiny", "resnet-tiny", "mlp-small", "vgg-mini", "dp-cnn", "dp-cnn-gn"];

    public static string Describe(string name) => Builders[name].Description;

    public static TrainableModel Create(string name, int seed = 0)
    {
        if (!Builders.TryGetValue(name, out var entry))
            throw new UsageException($"unknown model '{name}'; choose one of: {string.Join(", ", Names)}");
        return new TrainableModel(name.ToLowerInvariant(), entry.Build(new Rng(seed)));
    }

    private static Sequential LeNet5(Rng rng) => new(
        new Conv2d(1, 6, 5, rng, padding: 2), new ReLU(), new MaxPool2d(2),
        new Conv2d(6, 16, 5, rng), new ReLU(), new MaxPool2d(2),
        new Flatten(),
        new Linear(16 * 5 * 5, 120, rng), new ReLU(),
        new Linear(120, 84, rng), new ReLU(),
        new Linear(84, 10, rng));

    private static Sequential Mlp(Rng rng) => new(
        new Flatten(),
        new Linear(784, 200, rng), new ReLU(),
        new Linear(200, 200, rng), new ReLU(),
        new Linear(200, 10, rng));

    private static Sequential MlpSmall(Rng rng) => new(
        new Flatten(),
        new Linear(784, 32, rng), new ReLU(),
        new Linear(32, 10, rng));

    private static Sequential CnnSmall(Rng rng) => new(
        new Conv2d(1, 16, 5, rng, padding: 2), new ReLU(), new MaxPool2d(2),
        new Conv2d(16, 32, 5, rng, padding: 2), new ReLU(), new MaxPool2d(2),
        new Flatten(),
        new Linear(32 * 7 * 7, 128, rng), new ReLU(), new Dropout(0.25f, rng),
        new Linear(128, 10, rng));

    /// <summary>
    /// 26 k parameters: conv 16@8×8 stride 2 pad 3, tanh, max-pool 2 stride 1, conv 32@4×4 stride 2, tanh, max-pool 2
    /// stride 1, then 512→32→10 with tanh. Small and bounded activations because DP noise grows with the parameter count
    /// and clipping favours tempered activations (Papernot et al., AAAI 2021).
    /// </summary>
    private static Sequential DpCnn(Rng rng) => new(
        new Conv2d(1, 16, 8, rng, stride: 2, padding: 3), new Tanh(), new MaxPool2d(2, 1),
        new Conv2d(16, 32, 4, rng, stride: 2), new Tanh(), new MaxPool2d(2, 1),
        new Flatten(),
        new Linear(32 * 4 * 4, 32, rng), new Tanh(),
        new Linear(32, 10, rng));

    /// <summary>
    /// <see cref="DpCnn"/> with group norm (4 channels a group) between each convolution and its tanh: batch norm has
    /// no per-example gradient, group norm does (each example's statistics are its own), so DP-SGD can train it.
    /// </summary>
    private static Sequential DpCnnGn(Rng rng) => new(
        new Conv2d(1, 16, 8, rng, stride: 2, padding: 3), new GroupNorm(4, 16), new Tanh(), new MaxPool2d(2, 1),
        new Conv2d(16, 32, 4, rng, stride: 2), new GroupNorm(8, 32), new Tanh(), new MaxPool2d(2, 1),
        new Flatten(),
        new Linear(32 * 4 * 4, 32, rng), new Tanh(),
        new Linear(32, 10, rng));

    /// <summary>7.4 M MACs, 96 % of them in the two inner convolutions: unlike the smaller models, its ONNX Runtime latency is
    /// dominated by arithmetic rather than per-operator overhead, so removing channels shows up in latency.</summary>
    private static Sequential VggMini(Rng rng) => new(
        new Conv2d(1, 32, 3, rng, padding: 1), new ReLU(), new MaxPool2d(2),
        new Conv2d(32, 64, 3, rng, padding: 1), new ReLU(), new MaxPool2d(2),
        new Conv2d(64, 128, 3, rng, padding: 1), new ReLU(), new MaxPool2d(2),
        new Flatten(),
        new Linear(128 * 3 * 3, 10, rng));

    private static Sequential MobileNetTiny(Rng rng) => new(
        new Conv2d(1, 16, 3, rng, padding: 1, bias: false), new BatchNorm2d(16), new ReLU(),
        DepthwiseSeparable(16, 32, 2, rng),
        DepthwiseSeparable(32, 64, 2, rng),
        DepthwiseSeparable(64, 128, 1, rng),
        new GlobalAvgPool(), new Flatten(),
        new Linear(128, 10, rng));

    /// <summary>A 3×3 depthwise convolution then a 1×1 pointwise one, each with batch norm and ReLU.</summary>
    private static Sequential DepthwiseSeparable(int inChannels, int outChannels, int stride, Rng rng) => new(
        new Conv2d(inChannels, inChannels, 3, rng, stride, 1, groups: inChannels, bias: false), new BatchNorm2d(inChannels), new ReLU(),
        new Conv2d(inChannels, outChannels, 1, rng, bias: false), new BatchNorm2d(outChannels), new ReLU());

    private static Sequential ResNetTiny(Rng rng) => new(
        new Conv2d(1, 16, 3, rng, padding: 1, bias: false), new BatchNorm2d(16), new ReLU(), new MaxPool2d(2),
        new ResidualBlock(16, 16, 1, rng),
        new ResidualBlock(16, 32, 2, rng),
        new GlobalAvgPool(), new Flatten(),
        new Linear(32, 10, rng));
}
