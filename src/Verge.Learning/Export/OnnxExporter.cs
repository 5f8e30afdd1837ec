using Google.Protobuf;
using Onnx;
using Verge.Inference.Graph.Building;
using Verge.Learning.Models;
using Verge.Core.Files;

namespace Verge.Learning.Export;

/// <summary>
/// Writes a zoo model as ONNX (opset 13) in evaluation mode: input "input" [1,1,28,28] float, output "logits"
/// [1,10]. The batch is a static 1 because Verge's planners want fixed shapes.
/// </summary>
public static class OnnxExporter
{
    public const string InputName = "input";
    public const string OutputName = "logits";

    /// <summary>The producer name of every model the learning engine writes.</summary>
    public const string Producer = "verge";

    public static ModelProto Export(TrainableModel model)
    {
        var builder = new OnnxBuilder(model.Name, producer: Producer);
        var writer = new ModuleWriter(model, builder);
        builder.Output(writer.Write(model, Input(builder)), OutputName);
        return builder.Build();
    }

    /// <summary>The image input every trainable model takes: [1, 1, 28, 28].</summary>
    public static TensorRef Input(OnnxBuilder builder) =>
        builder.Input(InputName, [1, .. TrainableModel.ImageShape.Select(d => (long)d)]);

    public static async Task SaveAsync(TrainableModel model, string path, CancellationToken ct = default) =>
        await SaveAsync(Export(model), path, ct);

    internal static Task SaveAsync(ModelProto model, string path, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        AtomicFile.WriteAllBytes(path, model.ToByteArray(), "model");
        return Task.CompletedTask;
    }
}
