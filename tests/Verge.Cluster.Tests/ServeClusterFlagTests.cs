namespace Verge.Cluster.Tests;

public sealed class ServeClusterFlagTests
{
    [Theory]
    [InlineData("--models", "examples/models")]
    [InlineData("--role", "cloud")]
    [InlineData("--silo-port", "70000")]
    public async Task Serve_refuses_a_cluster_it_cannot_make_as_a_usage_error(string flag, string value)
    {
        var (exitCode, _, stderr) = await ChildProcess.RunVergeAsync("serve", "--cluster", "127.0.0.1:1", flag, value);
        Assert.Equal(2, exitCode);
        Assert.Contains(flag, stderr);
    }
}
