namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// How one output row (or column) of a layer depends on its input along one axis: kernel, stride, dilation and the
/// padding before the first input. An element-wise layer is the window of size 1, stride 1, no padding.
/// </summary>
public sealed record SpatialWindow(long Kernel, long Stride, long PadBegin, long Dilation)
{
    public static SpatialWindow Identity { get; } = new(1, 1, 0, 1);

    /// <summary>
    /// The input range that outputs <paramref name="output"/> read, clipped to the input's
    /// <paramref name="inputSize"/>, and how much of the window falls outside the input on each side: that part is
    /// the layer's own padding at the image's border and nothing inside it (DeepThings, Zhao et al., TCAD 2018, §IV).
    /// </summary>
    public (AxisSpan Input, long PadBegin, long PadEnd) Trace(AxisSpan output, long inputSize)
    {
        long first = output.Start * Stride - PadBegin;
        long end = (output.End - 1) * Stride - PadBegin + Dilation * (Kernel - 1) + 1;
        var clipped = new AxisSpan(Math.Max(first, 0), Math.Min(end, inputSize));
        return (clipped, clipped.Start - first, end - clipped.End);
    }
}
