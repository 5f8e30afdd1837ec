using System.Diagnostics;
using Verge.Core.Errors;
using Verge.Core.Processes;

namespace Verge.Cluster.Tests;

/// <summary>
/// The launcher src starts its own children with (protocol parties, clustered edge servers, redis-server), on real
/// `sh` processes: what follows the ready line is handed back, and a child that dies first is one input error line.
/// </summary>
public sealed class LaunchedProcessTests
{
    private static ProcessStartInfo Shell(string script) => new("sh", ["-c", script]);

    [Fact]
    public async Task The_ready_line_hands_back_what_follows_its_marker()
    {
        using var child = LaunchedProcess.Start(Shell("echo warming up; echo 'dealer listening on http://127.0.0.1:5000 (pid 1)'; sleep 60"), "the dealer");
        var rest = await child.WaitForReadyAsync("listening on ", TimeSpan.FromSeconds(120), CancellationToken.None);
        Assert.Equal("http://127.0.0.1:5000 (pid 1)", rest);
    }

    [Fact]
    public async Task A_child_that_dies_before_its_ready_line_is_one_input_error_with_its_stderr()
    {
        using var child = LaunchedProcess.Start(Shell("echo 'verge: no such model' >&2; exit 3"), "the edge party process");
        var e = await Assert.ThrowsAsync<InputException>(() => child.WaitForReadyAsync("listening on ", TimeSpan.FromSeconds(120), CancellationToken.None));
        Assert.Equal("the edge party process did not start: verge: no such model", e.Message);
    }

    [Fact]
    public void A_missing_executable_is_the_callers_input_error()
    {
        var e = Assert.Throws<InputException>(() => LaunchedProcess.Start(new ProcessStartInfo("verge-no-such-program"), "x", "x is not installed; run scripts/setup"));
        Assert.Equal("x is not installed; run scripts/setup", e.Message);
    }

    [Fact]
    public async Task Killing_a_dotnet_child_removes_the_runtime_files_it_leaves()
    {
        // Diagnostics on for this child (the test host turns them off for its children), so it makes its socket and pipes.
        var start = ChildProcess.VergeStartInfo(["serve", "--listen", "http://127.0.0.1:0"],
            environment: new Dictionary<string, string?> { [ChildDiagnostics.Variable] = "1" });
        IReadOnlyList<string> files;
        using (var child = LaunchedProcess.Start(start, "verge serve"))
        {
            await child.WaitForReadyAsync("listening on ", TimeSpan.FromSeconds(120), CancellationToken.None);
            // This child's own names (its pid and start time): a file of an earlier process that had the same pid and
            // was killed without clean-up is another name, and is not this test's business.
            files = RuntimeIpcFiles.Of(child.Id).Paths;
            Assert.Equal(3, files.Count); // the socket and two pipes
            Assert.All(files, f => Assert.True(Path.Exists(f), $"{f} is not there while the child runs"));
        }
        Assert.All(files, f => Assert.False(Path.Exists(f), $"{f} is left after the kill"));
    }

    [Fact]
    public void A_free_loopback_port_can_be_bound()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, LaunchedProcess.FreeLoopbackPort());
        listener.Start();
    }
}
