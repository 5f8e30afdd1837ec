namespace Verge.Net.Tests.Cli;

/// <summary>
/// Nothing of a `verge` process stays in the temp folder: each child here gets a temp folder of its own (TMPDIR), which
/// must be empty once the child is gone — neither the scratch folders of the command (the profiler's trace folder) nor
/// the .NET runtime's diagnostics socket and debugger pipes, which a killed child cannot remove (the tests kill many).
/// </summary>
public sealed class TempFolderCliTests
{
    [Fact]
    public void A_command_with_a_scratch_folder_removes_it()
    {
        using var tmp = new TempDir("verge-tmpdir-");
        var r = ChildProcess.RunVergeIn(null, Temp(tmp), "profile", "zoo:lenet5", "--runs", "1", "--threads", "1", "--json", "-");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Empty(Left(tmp));
    }

    [Fact]
    public async Task A_killed_child_leaves_no_runtime_files()
    {
        using var tmp = new TempDir("verge-tmpdir-");
        using (var child = ChildProcess.Start(ChildProcess.VergeStartInfo(["serve", "--listen", "http://127.0.0.1:0"], environment: Temp(tmp))))
        {
            await child.WaitForStdoutAsync("listening on");
            child.Kill();
        }
        Assert.Empty(Left(tmp));
    }

    private static Dictionary<string, string?> Temp(TempDir tmp) => new() { ["TMPDIR"] = tmp.Path };

    /// <summary>
    /// What is left, but ".ses": ONNX Runtime's built-in telemetry client keeps its session stamp there, one file
    /// under one name that each process rewrites, so it never piles up.
    /// </summary>
    private static string[] Left(TempDir tmp) =>
        [.. Directory.EnumerateFileSystemEntries(tmp.Path).Select(p => Path.GetFileName(p)).Where(name => name != ".ses").Order()];
}
