using Verge.Inference.Graph.Building;

namespace Verge.Learning.Export;

/// <summary>
/// A layer from outside the library (an application's or a test's own composite) that writes itself through
/// <see cref="ModuleWriter"/>; the library's own layers are mapped by the writer, so the engine never knows ONNX.
/// </summary>
public interface IOnnxExportable
{
    TensorRef WriteOnnx(ModuleWriter writer, TensorRef input);
}
