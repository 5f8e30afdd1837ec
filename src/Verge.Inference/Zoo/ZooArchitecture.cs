using Onnx;

namespace Verge.Inference.Zoo;

/// <summary>
/// A network the zoo builds from code, with the figures published for it (torchvision's model table, or the
/// paper) where there are any: multiply-accumulates in G (fvcore-style: conv and fc only) and parameters in M.
/// </summary>
public sealed record ZooArchitecture(string Name, string Description, Func<int, ModelProto> Build,
    double? PublishedGMacs = null, double? PublishedMParams = null);
