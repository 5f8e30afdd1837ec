using Google.Protobuf;
using Onnx;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Building;
using Verge.Learning.Models;
using Verge.Core.Files;

namespace Verge.Learning.Export;

/// <summary>
/// Writes a zoo model as ONNX (opset 13) in evaluation mode: input "input" [1,1,28,28] float, output "logits"
/// [1,10]. The batch is a static 1 because Verge's planners want fixed shapes; with <c>dynamicBatch</c> (what
/// `verge train` and the zoo ship) it is the marked symbol of <see cref="BatchDimension"/> instead, which the edge
/// server batches and every analysis still takes as 1.
/// </summary>
public static class OnnxExporter
{
    public const string InputName = "input";
    public const string OutputName = "logits";

    /// <summary>The producer name of every model the learning engine writes.</summary>
    public const string Producer = "verge";

    public static ModelProto Export(TrainableModel model, bool dynamicBatch = false)
    {
        var builder = new OnnxBuilder(model.Name, producer: Producer);
        var writer = new ModuleWriter(model, builder);
        builder.Output(writer.Write(model, Input(builder)), OutputName);
        var proto = builder.Build();
        return dynamicBatch ? BatchDimension.MakeDynamic(proto) : proto;
    }

    /// <summary>The image input every trainable model takes: [1, 1, 28, 28].</summary>
    public static TensorRef Input(OnnxBuilder builder) =>
        builder.Input(InputName, [1, .. TrainableModel.ImageShape.Select(d => (long)d)]);

    public static async Task SaveAsync(TrainableModel model, string path, CancellationToken ct = default, bool dynamicBatch = false) =>
        await SaveAsync(Export(model, dynamicBatch), path, ct);

    internal static Task SaveAsync(ModelProto model, string path, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        AtomicFile.WriteAllBytes(path, model.ToByteArray(), "model");
        return Task.CompletedTask;
    }
}
