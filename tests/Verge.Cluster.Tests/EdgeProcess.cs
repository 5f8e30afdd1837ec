namespace Verge.Cluster.Tests;

/// <summary>`verge serve --cluster` as a real child process (a <see cref="ChildProcess"/>: killed by its PID on dispose).</summary>
internal static class EdgeProcess
{
    /// <summary>Starts an edge server in the cluster at <paramref name="redis"/> and waits for its banner (a guard for a loaded host).</summary>
    public static Task<ChildProcess> StartAsync(string redis, string name) =>
        ChildProcess.StartServerAsync("verge serve: clustered edge listening on ",
            ["serve", "--cluster", redis, "--listen", "http://127.0.0.1:0", "--silo-port", FreePort.Pick().ToString(),
             "--gateway-port", FreePort.Pick().ToString(), "--count-computations"], seconds: 120);
}
