using Google.Protobuf;
using Onnx;
using Verge.Learning.Models;

namespace Verge.Learning.Export;

/// <summary>
/// Writes a zoo model as ONNX (opset 13) in evaluation mode: input "input" [1,1,28,28] float, output "logits"
/// [1,10]. The batch is a static 1 because Verge's planners want fixed shapes.
/// </summary>
public static class OnnxExporter
{
    public const string InputName = "input";
    public const string OutputName = "logits";

    public static ModelProto Export(TrainableModel model)
    {
        var graph = new OnnxGraphBuilder(model);
        var last = model.ToOnnx(graph, InputName);
        graph.RenameOutput(last, OutputName);
        return graph.Build(model.Name, InputName, [1, .. TrainableModel.ImageShape.Select(d => (long)d)],
            OutputName, [1, TrainableModel.Classes]);
    }

    public static async Task SaveAsync(TrainableModel model, string path, CancellationToken ct = default)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        await File.WriteAllBytesAsync(path, Export(model).ToByteArray(), ct);
    }
}
