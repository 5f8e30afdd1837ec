namespace Verge.Net.Tests.Privacy;

/// <summary>`verge private-party ROLE` as a child process (a <see cref="ChildProcess"/>: killed on dispose).</summary>
internal static class PartyChild
{
    /// <summary>Starts the party and reads its URL from its "listening on" line (a startup guard, not a timing assertion).</summary>
    public static Task<ChildProcess> StartAsync(string role, params string[] args) =>
        ChildProcess.StartServerAsync($"verge private-party: {role} listening on ", ["private-party", role, "--listen", "http://127.0.0.1:0", .. args]);
}
