using Verge.Cli.Options;
using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Cli;

/// <summary>Libraries word errors in their own terms; the CLI names its flags in their place.</summary>
public sealed class FlagTermsTests
{
    [Fact]
    public void SymbolicInputNamesNoFlagInTheLibraryAndShapeInTheCli()
    {
        using var dir = new TempDir();
        var path = TinyModels.Save(TinyModels.DepthwiseChain("batch"), dir.File("dyn.onnx"));
        var e = Assert.Throws<InputException>(() => ModelGraph.Load(path));
        Assert.DoesNotContain("--", e.Message);
        Assert.Contains("give concrete ones with a shape override x=1x8x16x16", e.Message);
        Assert.Contains("give concrete ones with --shape x=1x8x16x16", FlagTerms.Message(e));
    }

    [Fact]
    public void EveryOccurrenceOfTheTermIsReplacedAsAWholePhrase()
    {
        var e = new InputException("calibration source fashion-mnist:test:4 needs 28×28 images; use calibration source random:64") { Term = "calibration source" };
        Assert.Equal("--calib fashion-mnist:test:4 needs 28×28 images; use --calib random:64", FlagTerms.Message(e));
        var plan = new InputException("plan 'x' is not a candidate; candidates: plans-a, device-only") { Term = "plan" };
        Assert.Equal("--plan 'x' is not a candidate; candidates: plans-a, device-only", FlagTerms.Message(plan));
    }

    [Fact]
    public void MessagesWithoutATermPassThrough() =>
        Assert.Equal("no such file", FlagTerms.Message(new InputException("no such file")));
}
