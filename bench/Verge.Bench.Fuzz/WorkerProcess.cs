using System.Diagnostics;

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
    private readonly Queue<string> _stderr = new();
    private readonly List<string> _first = [];

    private WorkerProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr)
            {
                if (string.IsNullOrWhiteSpace(e.Data)) return;
                if (_first.Count < 2) _first.Add(e.Data);
                _stderr.Enqueue(e.Data);
                if (_stderr.Count > 40) _stderr.Dequeue();
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts a worker and waits for it to say it is ready (servers up, for wire).</summary>
    public static async Task<WorkerProcess> StartAsync(string category, int seed, TimeSpan startup)
    {
        var dll = typeof(Worker).Assembly.Location;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        bool capped = File.Exists("/usr/bin/prlimit");
        var start = new ProcessStartInfo(capped ? "/usr/bin/prlimit" : dotnet)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (capped)
        {
            start.ArgumentList.Add($"--as={AddressSpaceBytes}");
            start.ArgumentList.Add(dotnet);
        }
        foreach (var a in new[] { dll, "--worker", category, seed.ToString() }) start.ArgumentList.Add(a);
        start.Environment["DOTNET_GCHeapHardLimit"] = "0xC0000000";
        start.Environment["DOTNET_TieredPGO"] = "0";
        var worker = new WorkerProcess(Process.Start(start)!);
        using var guard = new CancellationTokenSource(startup);
        try
        {
            while (await worker._process.StandardOutput.ReadLineAsync(guard.Token) is { } line)
                if (line == "@@ready") return worker;
        }
        catch (OperationCanceledException)
        {
        }
        var tail = worker.StderrTail();
        worker.Dispose();
        throw new InvalidOperationException($"fuzz worker for {category} did not start: {tail}");
    }

    /// <summary>The case's result; null with <paramref name="failure"/> set when the worker died or hung on it.</summary>
    public async Task<(CaseResult? Result, Outcome Failure, string Why)> RunAsync(int index, TimeSpan timeout)
    {
        lock (_stderr)
        {
            _stderr.Clear();
            _first.Clear();
        }
        try
        {
            await _process.StandardInput.WriteLineAsync(index.ToString());
            await _process.StandardInput.FlushAsync();
        }
        catch (IOException)
        {
            return (null, Outcome.Crash, $"worker gone before the case ({Exit()})");
        }
        using var guard = new CancellationTokenSource(timeout);
        try
        {
            while (await _process.StandardOutput.ReadLineAsync(guard.Token) is { } line)
                if (CaseResult.Parse(line) is { } r && r.Index == index) return (r, default, "");
        }
        catch (OperationCanceledException)
        {
            return (null, Outcome.Hang, $"no answer within {timeout.TotalSeconds:F0} s");
        }
        await _process.WaitForExitAsync();
        return (null, Outcome.Crash, $"worker died ({Exit()}): {StderrTail()}");
    }

    private string Exit() => _process.HasExited ? $"exit {_process.ExitCode}" : "still running";

    public string StderrTail()
    {
        lock (_stderr)
        {
            // A stack overflow prints thousands of frames; the first lines name it, the last ones the repeating frame.
            var last = _stderr.TakeLast(2).Where(l => !_first.Contains(l));
            return string.Join(" | ", _first.Concat(last));
        }
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
    }
}
