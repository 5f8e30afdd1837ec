using System.Diagnostics;
using Verge.Core.Processes;

namespace Verge.Bench.Fuzz;

/// <summary>
/// One worker child (this program with --worker): started, fed indices, read back, killed on a hang. Its address
/// space is capped (prlimit, where present) so a model declaring a 2^40-element tensor fails inside the worker
/// instead of waking the host's out-of-memory killer; the managed heap gets a hard limit below that cap.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private const long AddressSpaceBytes = 24L << 30;
    private readonly Process _process;
    private readonly string _stderrFile;
    private readonly string _scratch;
    private readonly RuntimeIpcFiles _ipc;

    private WorkerProcess(Process process, string stderrFile, string scratch)
    {
        _process = process;
        _stderrFile = stderrFile;
        _scratch = scratch;
        _ipc = RuntimeIpcFiles.Of(process.Id);
    }

    /// <summary>Starts a worker and waits for it to say it is ready (servers up, for wire).</summary>
    public static async Task<WorkerProcess> StartAsync(string category, int seed, TimeSpan startup)
    {
        var dll = typeof(Worker).Assembly.Location;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        bool capped = File.Exists("/usr/bin/prlimit");
        var start = new ProcessStartInfo(capped ? "/usr/bin/prlimit" : dotnet)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        if (capped)
        {
            start.ArgumentList.Add($"--as={AddressSpaceBytes}");
            start.ArgumentList.Add(dotnet);
        }
        // The worker's fd 2 goes to this file (see NativeStderr): emptied per case, read here after a crash.
        var stderrFile = Path.Combine(Path.GetTempPath(), $"verge-fuzz-{Guid.NewGuid():N}.stderr");
        // The worker's scratch folder is made here and removed in Dispose: a worker killed on a hang (or at the end)
        // cannot remove it itself.
        var scratch = Directory.CreateTempSubdirectory($"verge-fuzz-{category}-").FullName;
        foreach (var a in new[] { dll, "--worker", category, seed.ToString(), stderrFile, scratch }) start.ArgumentList.Add(a);
        start.Environment["DOTNET_GCHeapHardLimit"] = "0xC0000000";
        start.Environment["DOTNET_TieredPGO"] = "0";
        var worker = new WorkerProcess(Process.Start(start)!, stderrFile, scratch);
        var deadline = Task.Delay(startup);
        while (true)
        {
            var read = worker._process.StandardOutput.ReadLineAsync();
            if (await Task.WhenAny(read, deadline) == deadline || await read is not { } line) break;
            if (line == "@@ready") return worker;
        }
        var tail = worker.StderrTail();
        worker.Dispose();
        throw new InvalidOperationException($"fuzz worker for {category} did not start: {tail}");
    }

    /// <summary>The case's result; null with <paramref name="failure"/> set when the worker died or hung on it.</summary>
    public async Task<(CaseResult? Result, Outcome Failure, string Why)> RunAsync(int index, TimeSpan timeout)
    {
        try
        {
            await _process.StandardInput.WriteLineAsync(index.ToString());
            await _process.StandardInput.FlushAsync();
        }
        catch (IOException)
        {
            return (null, Outcome.Crash, $"worker gone before the case ({Exit()})");
        }
        // Task.WhenAny, not a cancellation token: a read from a child's pipe does not always observe cancellation.
        var deadline = Task.Delay(timeout);
        while (true)
        {
            var read = _process.StandardOutput.ReadLineAsync();
            if (await Task.WhenAny(read, deadline) == deadline)
            {
                // A stack overflow takes seconds to walk and print its frames before the process dies: a worker that
                // dies within one more timeout died of the case (a crash); one still running then hangs.
                using var grace = new CancellationTokenSource(timeout);
                try { await _process.WaitForExitAsync(grace.Token); } catch (OperationCanceledException) { }
                return _process.HasExited
                    ? (null, Outcome.Crash, $"worker died after the timeout ({Exit()}): {StderrTail()}")
                    : (null, Outcome.Hang, $"no answer within {timeout.TotalSeconds:F0} s");
            }
            var line = await read;
            if (line is null) break;
            if (CaseResult.Parse(line) is { } r && r.Index == index) return (r, default, "");
        }
        await _process.WaitForExitAsync();
        return (null, Outcome.Crash, $"worker died ({Exit()}): {StderrTail()}");
    }

    private string Exit() => _process.HasExited ? $"exit {_process.ExitCode}" : "still running";

    /// <summary>The first two and the last two lines the worker wrote to stderr in its last case (a stack overflow's name and repeating frame).</summary>
    public string StderrTail()
    {
        var lines = NativeStderr.Read(_stderrFile).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", lines.Length <= 4 ? lines : [.. lines[..2], "…", .. lines[^2..]]);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        _ipc.Remove();
        try { File.Delete(_stderrFile); } catch (IOException) { }
        try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
