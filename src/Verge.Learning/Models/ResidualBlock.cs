using Verge.Learning.Engine;

namespace Verge.Learning.Models;

/// <summary>
/// Basic residual block (He et al., CVPR 2016): relu(bn(conv(relu(bn(conv(x))))) + shortcut(x)); the shortcut is
/// a 1×1 strided convolution with batch norm when the shape changes, the identity otherwise.
/// </summary>
public sealed class ResidualBlock : Layer
{
    private readonly Sequential _main;
    private readonly Sequential? _shortcut;
    private readonly Add _add;
    private readonly ReLU _relu;

    public ResidualBlock(int inChannels, int outChannels, int stride, Rng rng)
    {
        _main = Child("main", new Sequential(
            new Conv2d(inChannels, outChannels, 3, rng, stride, 1, bias: false), new BatchNorm2d(outChannels), new ReLU(),
            new Conv2d(outChannels, outChannels, 3, rng, 1, 1, bias: false), new BatchNorm2d(outChannels)));
        if (stride != 1 || inChannels != outChannels)
            _shortcut = Child("shortcut", new Sequential(
                new Conv2d(inChannels, outChannels, 1, rng, stride, 0, bias: false), new BatchNorm2d(outChannels)));
        _add = Child("add", new Add());
        _relu = Child("relu", new ReLU());
    }

    /// <summary>conv, bn, relu, conv, bn.</summary>
    public Sequential Main => _main;

    /// <summary>The 1×1 conv and bn when the shape changes; null for the identity.</summary>
    public Sequential? Shortcut => _shortcut;

    public override Tensor Forward(Tensor x) =>
        _relu.Forward(_add.Forward(_main.Forward(x), _shortcut?.Forward(x) ?? x));
}
