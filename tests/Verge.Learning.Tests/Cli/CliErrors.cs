
namespace Verge.Learning.Tests.Cli;

/// <summary>What a user sees when verge refuses: one line on stderr, nothing on stdout, the documented exit code.</summary>
internal static class CliErrors
{
    public static void AssertOneLine(ChildResult r, int exitCode, string line)
    {
        Assert.Equal(exitCode, r.ExitCode);
        Assert.Equal(line, r.Stderr.TrimEnd('\n', '\r'));
        Assert.Equal("", r.Stdout);
    }
}
