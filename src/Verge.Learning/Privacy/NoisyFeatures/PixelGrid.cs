using Verge.Learning.Engine;

namespace Verge.Learning.Privacy.NoisyFeatures;

/// <summary>[N, C·H·W] → [N, C, H, W]: lets a decoder refine its pixel estimate with convolutions.</summary>
internal sealed class PixelGrid(int channels, int height, int width) : Layer
{
    private Tensor? _out;

    public override Tensor Forward(Tensor x)
    {
        var y = Tensor.Reuse(ref _out, x.Shape[0], channels, height, width);
        x.Data.CopyTo(y.Data, 0);
        y.SetOrigin(() => System.Numerics.Tensors.TensorPrimitives.Add(x.Grad!, y.Grad!, x.Grad!), x);
        return y;
    }
}
