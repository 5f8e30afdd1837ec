
namespace Verge.Learning.Tests.Cli;

/// <summary>Adaptive local work and Gaia's filter as a user asks for them: mistakes are one line, exit 2.</summary>
public sealed class LocalWorkCliTests
{
    [Theory]
    [InlineData("verge: --adaptive-tau chooses local steps under a budget; give --budget SECONDS", "fl", "simulate", "--adaptive-tau")]
    [InlineData("verge: --adaptive-tau chooses local steps under a budget; give --budget SECONDS", "fl", "simulate", "--adaptive-tau", "adacomm")]
    [InlineData("verge: --adaptive-tau chooses local steps under a budget; give --budget SECONDS", "fl", "simulate", "--adaptive-tau", "measured")]
    [InlineData("verge: --adaptive-tau 'fixed' is not allowed; give one of jsac, adacomm, measured (see 'verge fl simulate --help')", "fl", "simulate", "--adaptive-tau", "fixed", "--budget", "10")]
    [InlineData("verge: --sync-filter 'gaia' is not allowed; give one of edge, parameter (see 'verge fl simulate --help')", "fl", "simulate", "--sync-filter", "gaia")]
    [InlineData("verge: --tau-max 0 is out of range; give 1 to 100000 (see 'verge fl simulate --help')", "fl", "simulate", "--tau-max", "0")]
    [InlineData("verge: --budget -1 is out of range; give 0 to 1000000000 (see 'verge fl simulate --help')", "fl", "simulate", "--budget", "-1")]
    public void BadFlagsAreOneLineExitTwo(string line, params string[] args) => CliErrors.AssertOneLine(ChildProcess.RunVerge(args), 2, line);
}
