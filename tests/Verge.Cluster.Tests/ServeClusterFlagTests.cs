using System.Diagnostics;

namespace Verge.Cluster.Tests;

public sealed class ServeClusterFlagTests
{
    [Theory]
    [InlineData("--models", "examples/models")]
    [InlineData("--role", "cloud")]
    [InlineData("--silo-port", "70000")]
    public async Task Serve_refuses_a_cluster_it_cannot_make_as_a_usage_error(string flag, string value)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "verge.dll"), "serve", "--cluster", "127.0.0.1:1", flag, value })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains(flag, await stderr);
    }
}
