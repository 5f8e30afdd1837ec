
namespace Verge.Learning.Tests.Cli;

/// <summary>Selective sharing and `verge bench privacy` flags as a user gives them: mistakes are one line, exit 2.</summary>
public sealed class SelectiveShareCliTests
{
    [Theory]
    [InlineData("verge: selective sharing fraction 2 must lie in (0, 1]; e.g. share:0.1", "fl", "simulate", "--codec", "share:2")]
    [InlineData("verge: codec 'share:0.1:noise=1' is not understood; selective sharing is share:θ[:clip=γ][:laplace=b|:gauss=s], e.g. share:0.1:clip=0.01:laplace=0.001",
        "fl", "simulate", "--codec", "share:0.1:noise=1")]
    [InlineData("verge: --epsilons 'a,b' is not a comma-separated list of numbers", "bench", "privacy", "--epsilons", "a,b")]
    [InlineData("verge: --clients must be a positive integer, got 0", "bench", "privacy", "--clients", "10,0")]
    public void BadFlagsAreOneLineExitTwo(string line, params string[] args) => CliErrors.AssertOneLine(ChildProcess.RunVerge(args), 2, line);

    [Fact]
    public void SecureAggregationRefusesSelectiveSharing()
    {
        var r = ChildProcess.RunVerge("fl", "simulate", "--codec", "share:0.1", "--secure-aggregation", "--clients", "4", "--train-limit", "400");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("verge: codec 'share:0.1' cannot be combined with --secure-aggregation", r.Stderr.Trim());
    }
}
