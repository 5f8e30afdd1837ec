using Onnx;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// One tile of a fused block: the part of the block's output it computes, the part of the image it reads, the
/// standalone ONNX model that does it (input and output named as the block's), its peak activation bytes and MACs.
/// </summary>
public sealed record TileModel(int Index, TileRegion Output, TileRegion Input, ModelProto Model, long PeakActivationBytes, long Macs);
