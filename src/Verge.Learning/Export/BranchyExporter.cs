using Onnx;
using Verge.Inference.Graph.Building;
using Verge.Learning.Models.Branchy;

namespace Verge.Learning.Export;

/// <summary>
/// Writes a branchy model as ONNX (opset 13): input "input" [1,1,28,28], one [1,10] output per exit named
/// exit1, exit2, …, final. The trunk tensor where branch i leaves is named "branch{i}", so a stage runtime can cut
/// the graph there and run the rest only for samples that did not exit.
/// </summary>
public static class BranchyExporter
{
    public static ModelProto Export(BranchyModel model)
    {
        var builder = new OnnxBuilder(model.Name, producer: OnnxExporter.Producer);
        var (exits, points) = new ModuleWriter(model, builder).WriteExits(model, OnnxExporter.Input(builder));
        for (int i = 0; i < points.Count; i++) builder.Rename(points[i], BranchPointName(i + 1));
        var names = model.ExitNames;
        for (int i = 0; i < exits.Count; i++) builder.Output(exits[i], names[i]);
        return builder.Build();
    }

    /// <summary>"branch1", "branch2", …: the trunk tensor that branch i reads.</summary>
    public static string BranchPointName(int branch) => $"branch{branch}";

    public static Task SaveAsync(BranchyModel model, string path, CancellationToken ct = default) =>
        OnnxExporter.SaveAsync(Export(model), path, ct);
}
