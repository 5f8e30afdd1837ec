using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Inference.Runtime;

namespace Verge.Inference.Tests.Runtime;

public sealed class ModelInputsTests
{
    [Fact]
    public void AnElementTypeOnnxRuntimeHasNoTensorsOfIsTheModelsFault()
    {
        // Found by the model fuzzer (seed 1, #8547): element type 19 made `verge profile` exit 1.
        var input = new TensorInfo("input", 19, [1, 4]);
        var e = Assert.Throws<InputException>(() => ModelInputs.Create([input], InputFill.Random, model: "m.onnx"));
        Assert.StartsWith("'m.onnx': input 'input' of element type", e.Message);
        Assert.Contains("re-export the model", e.Message);
    }

    [Fact]
    public void AFloatInputIsFilledWithSeededValues()
    {
        using var a = ModelInputs.Create([new TensorInfo("x", ElementType.Float, [1, 8])], InputFill.Random, seed: 7);
        using var b = ModelInputs.Create([new TensorInfo("x", ElementType.Float, [1, 8])], InputFill.Random, seed: 7);
        Assert.Equal(a.Values[0].GetTensorDataAsSpan<float>().ToArray(), b.Values[0].GetTensorDataAsSpan<float>().ToArray());
        Assert.Contains(a.Values[0].GetTensorDataAsSpan<float>().ToArray(), v => v != 0);
    }
}
