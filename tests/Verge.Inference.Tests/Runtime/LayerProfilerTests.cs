using Verge.Inference.Graph;
using Verge.Inference.Runtime;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Runtime;

public sealed class LayerProfilerTests
{
    [Fact]
    public void AttributesKernelTimeToEveryComputeNode()
    {
        var g = ModelGraph.FromProto(TinyModels.DepthwiseChain(), "depthwise");

        var p = new LayerProfiler(new ProfileOptions { Runs = 3, Warmup = 1, Threads = 1 }).Profile(g);

        Assert.Equal(g.Nodes.Select(n => n.Name), p.Nodes.Select(n => n.Name));
        Assert.All(p.Nodes.Where(n => n.OpType is "Conv" or "Gemm"), n => Assert.True(n.Ms > 0, $"{n.Name} has no kernel time"));
        Assert.Equal(g.Nodes.Select(n => n.OutputBytes), p.Nodes.Select(n => n.OutputBytes));
        Assert.True(p.WholeMs > 0 && p.OptimizedMs > 0);
        Assert.Equal(3, p.Runs);
    }

    [Fact]
    public void TraceReaderSumsRepeatedKernelsWithinEachRun()
    {
        using var dir = new TempDir();
        var trace = dir.File("trace.json");
        File.WriteAllText(trace, """
            [
              {"cat":"Session","name":"model_run","ts":100,"dur":50,"ph":"X"},
              {"cat":"Node","name":"conv_kernel_time","ts":110,"dur":7,"ph":"X","args":{"op_name":"Conv"}},
              {"cat":"Node","name":"conv_fence_before","ts":109,"dur":0,"ph":"X"},
              {"cat":"Node","name":"loop_kernel_time","ts":120,"dur":3,"ph":"X"},
              {"cat":"Node","name":"loop_kernel_time","ts":130,"dur":4,"ph":"X"},
              {"cat":"Session","name":"model_run","ts":200,"dur":50,"ph":"X"},
              {"cat":"Node","name":"conv_kernel_time","ts":210,"dur":9,"ph":"X"}
            ]
            """);

        var runs = OrtTrace.KernelTimesPerRun(trace);

        Assert.Equal(2, runs.Count);
        Assert.Equal(7, runs[0]["conv"]);
        Assert.Equal(7, runs[0]["loop"]);
        Assert.Equal(9, runs[1]["conv"]);
        Assert.False(runs[1].ContainsKey("loop"));
    }
}
