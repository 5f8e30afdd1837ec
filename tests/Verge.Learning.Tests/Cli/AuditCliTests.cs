using System.Text.Json;
using Verge.Core.Errors;

namespace Verge.Learning.Tests.Cli;

/// <summary>`verge audit` as a user runs it: a small model trained by `verge train`, audited through the real process.</summary>
public sealed class AuditCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string TrainSmallModel()
    {
        var r = ChildProcess.RunVerge("train", "--model", "mlp-small", "--epochs", "3", "--limit", "300", "--threads", "1", "--out", _dir.File("m"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        return _dir.File("m");
    }

    [Fact]
    public void ReportsEveryFigureOfBothAttacksAndDrawsTheRoc()
    {
        var model = TrainSmallModel();
        var plot = _dir.File("roc.png");
        var r = ChildProcess.RunVerge("audit", model, "--members", "fashion-mnist:train[0:300]", "--non-members", "fashion-mnist:test[0:300]",
            "--shadows", "2", "--shadow-epochs", "1", "--threads", "1", "--plot", plot, "--json", "-");
        Assert.True(r.ExitCode == 0, r.Stderr);

        var root = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal(300, root.GetProperty("members").GetProperty("count").GetInt32());
        Assert.Equal("fashion-mnist:test[0:300]", root.GetProperty("non_members").GetProperty("spec").GetString());
        Assert.Equal("mlp-small", root.GetProperty("shadow_model").GetString()); // read from the checkpoint beside the model
        Assert.Equal(2, root.GetProperty("shadows").GetInt32());
        var attacks = root.GetProperty("attacks").EnumerateArray().ToList();
        Assert.Equal(["loss", "lira-offline"], attacks.Select(a => a.GetProperty("attack").GetString()));
        foreach (var a in attacks)
            foreach (var key in new[] { "auc", "tpr_at_fpr_0_001", "tpr_at_fpr_0_01", "advantage" })
                Assert.InRange(a.GetProperty(key).GetDouble(), 0, 1);
        Assert.True(new FileInfo(plot).Length > 10_000, "ROC plot written");
    }

    [Fact]
    public void MissingModelIsAnInputError() => CliErrors.AssertOneLine(
        ChildProcess.RunVerge("audit", "/nonexistent/model.onnx", "--members", "fashion-mnist:train[0:10]", "--non-members", "fashion-mnist:test[0:10]"),
        ExitCodes.Input, "verge: model '/nonexistent/model.onnx' does not exist; give an ONNX file or the folder verge train --out wrote");

    [Fact]
    public void BadSubsetSpecIsAUsageError() => CliErrors.AssertOneLine(
        ChildProcess.RunVerge("audit", "x.onnx", "--members", "fashion-mnist:train[10:5]", "--non-members", "fashion-mnist:test[0:10]"),
        ExitCodes.Usage, "verge: --members 'fashion-mnist:train[10:5]' is empty (END 5 ≤ START 10); give START < END, e.g. fashion-mnist:train[0:1000] or fashion-mnist:test[0:1000]");

    [Fact]
    public void OverlappingMembersAndNonMembersAreAUsageError() => CliErrors.AssertOneLine(
        ChildProcess.RunVerge("audit", "x.onnx", "--members", "fashion-mnist:train[0:1000]", "--non-members", "fashion-mnist:train[500:1500]"),
        ExitCodes.Usage, "verge: --members fashion-mnist:train[0:1000] and --non-members fashion-mnist:train[500:1500] share images; give disjoint subsets (e.g. train[0:1000] and test[0:1000])");

    [Fact]
    public void SubsetPastTheSplitIsAnInputError()
    {
        var model = TrainSmallModel();
        CliErrors.AssertOneLine(
            ChildProcess.RunVerge("audit", model, "--members", "fashion-mnist:train[0:10]", "--non-members", "fashion-mnist:test[9995:10005]", "--shadows", "0"),
            ExitCodes.Input, "verge: fashion-mnist:test[9995:10005] reaches past the 10000 images of the test split; keep END ≤ 10000");
    }
}
