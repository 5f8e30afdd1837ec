using Google.Protobuf;
using Onnx;
using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Graph;

/// <summary>
/// A Verge export's marked symbolic batch runs any batch in ONNX Runtime, and analysis sees it as the batch-1 model
/// it was before: the same bytes, shapes and costs. Unmarked symbolic dimensions still ask for a shape override.
/// </summary>
public sealed class BatchDimensionTests
{
    private static string Zoo(string name) => Path.Combine(AppContext.BaseDirectory, "zoo", name + ".onnx");

    [Theory]
    [InlineData("lenet5")]
    [InlineData("mlp")]
    [InlineData("cnn-small")]
    [InlineData("mobilenet-tiny")]
    [InlineData("resnet-tiny")]
    public void The_zoo_ships_a_marked_batch_that_analysis_takes_as_one(string name)
    {
        var file = OnnxModelFile.Read(Zoo(name));
        var dim = file.Graph.Input[0].Type.TensorType.Shape.Dim[0];
        Assert.Equal((BatchDimension.Symbol, BatchDimension.Denotation), (dim.DimParam, dim.Denotation));

        var graph = ModelGraph.Load(Zoo(name));
        Assert.Equal([1L, 1, 28, 28], graph.Inputs.Single().Shape);
        Assert.Equal([1L, 10], graph.Outputs.Single().Shape);

        // Marking is undone exactly: the normalised graph is the batch-1 export, byte for byte.
        var one = file.Clone();
        Assert.True(BatchDimension.FixToOne(one));
        Assert.Equal(ModelGraph.FromProto(one, name).ToBytes(), graph.ToBytes());
        Assert.Equal(file.ToByteArray(), BatchDimension.MakeDynamic(one).ToByteArray());
    }

    [Fact]
    public void An_unmarked_symbolic_batch_still_asks_for_a_shape()
    {
        var model = TinyModels.DepthwiseChain("N");
        Assert.False(BatchDimension.FixToOne(model));
        Assert.Throws<InputException>(() => ModelGraph.FromProto(model, "dyn.onnx"));
    }

    [Fact]
    public void Only_leading_ones_are_marked()
    {
        var model = TinyModels.DepthwiseChain();
        var before = model.Graph.Input[0].Type.TensorType.Shape.Dim.Skip(1).Select(d => d.DimValue).ToArray();
        BatchDimension.MakeDynamic(model);
        var dims = model.Graph.Input[0].Type.TensorType.Shape.Dim;
        Assert.Equal(TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam, dims[0].ValueCase);
        Assert.Equal(before, dims.Skip(1).Select(d => d.DimValue).ToArray());
    }
}
