using Google.Protobuf;
using Onnx;
using Verge.Learning.Export;

namespace Verge.Learning.Models.Branchy;

/// <summary>
/// Writes a branchy model as ONNX (opset 13): input "input" [1,1,28,28], one [1,10] output per exit named
/// exit1, exit2, …, final. The trunk tensor where branch i leaves is named "branch{i}", so a stage runtime can cut
/// the graph there and run the rest only for samples that did not exit.
/// </summary>
public static class BranchyExporter
{
    public static ModelProto Export(BranchyModel model)
    {
        var graph = new OnnxGraphBuilder(model);
        var (exits, points) = model.ExitsToOnnx(graph, OnnxExporter.InputName);
        var names = model.ExitNames;
        for (int i = 0; i < exits.Count; i++) graph.RenameOutput(exits[i], names[i]);
        for (int i = 0; i < points.Count; i++) graph.RenameOutput(points[i], BranchPointName(i + 1));
        var proto = graph.Build(model.Name, OnnxExporter.InputName, [1, .. TrainableModel.ImageShape.Select(d => (long)d)],
            names[0], [1, TrainableModel.Classes]);
        for (int i = 1; i < names.Count; i++) proto.Graph.Output.Add(Output(names[i]));
        return proto;
    }

    /// <summary>"branch1", "branch2", …: the trunk tensor that branch i reads.</summary>
    public static string BranchPointName(int branch) => $"branch{branch}";

    public static async Task SaveAsync(BranchyModel model, string path, CancellationToken ct = default)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        await File.WriteAllBytesAsync(path, Export(model).ToByteArray(), ct);
    }

    private static ValueInfoProto Output(string name)
    {
        var type = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() };
        type.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 1 });
        type.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = TrainableModel.Classes });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = type } };
    }
}
