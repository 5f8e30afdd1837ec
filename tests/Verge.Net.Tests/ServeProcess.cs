namespace Verge.Net.Tests;

/// <summary>`verge serve --role ROLE` as a real child process (a <see cref="ChildProcess"/>: killed and reaped on dispose).</summary>
internal static class ServeProcess
{
    /// <summary>
    /// Starts a node and waits for its "listening on" line (a startup guard, not a timing assertion). By default the
    /// child binds port 0 itself and the test reads the port it got from that line, so no other process can take the
    /// port between choosing and binding it; pass a port only to bring a node back at an address it had before.
    /// </summary>
    public static async Task<ChildProcess> StartAsync(string role, int port = 0, params string[] extra)
    {
        var node = await ChildProcess.StartServerAsync($"verge serve: {role} listening on ",
            ["serve", "--role", role, "--listen", $"http://127.0.0.1:{port}", .. extra]);
        try
        {
            int bound = new Uri(node.Url).Port;
            Assert.Equal($"http://127.0.0.1:{bound}", node.Url);
            Assert.True(port == 0 ? bound > 0 : bound == port, node.Url);
            return node;
        }
        catch
        {
            node.Dispose();
            throw;
        }
    }
}
