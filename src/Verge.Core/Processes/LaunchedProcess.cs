using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Verge.Core.Errors;

namespace Verge.Core.Processes;

/// <summary>
/// A child program Verge starts for itself — `verge ARGS` again (a protocol party, a clustered edge server) or a
/// named executable (redis-server) — and owns: stderr is kept from the start, stdout is read up to a ready line and
/// drained after it so the child never blocks on a full pipe, and disposing kills the whole process tree. The one
/// place src starts such children; tests have their own (Verge.TestSupport's ChildProcess).
/// </summary>
public sealed class LaunchedProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _what;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stderrRead;
    private bool _reaped;

    private LaunchedProcess(Process process, string what)
    {
        (_process, _what) = (process, what);
        _stderrRead = ReadStderrAsync();
    }

    /// <summary>`verge ARGS` as this process was started: `dotnet verge.dll` (<paramref name="program"/>'s assembly first) or the app host.</summary>
    public static ProcessStartInfo SelfStartInfo(Assembly program, IEnumerable<string> args)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(self);
        // Under `dotnet`, the process is the runtime and the program is an argument; an app host is the program itself.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(program.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>
    /// Starts <paramref name="start"/> with both output streams redirected; <paramref name="what"/> names the child in
    /// errors ("the dealer party process"), <paramref name="notInstalled"/> is the error when the executable is missing.
    /// </summary>
    public static LaunchedProcess Start(ProcessStartInfo start, string what, string? notInstalled = null)
    {
        (start.RedirectStandardOutput, start.RedirectStandardError, start.UseShellExecute) = (true, true, false);
        try
        {
            return new LaunchedProcess(Process.Start(start) ?? throw new InputException($"could not start {what}"), what);
        }
        catch (Win32Exception e)
        {
            throw new InputException(notInstalled ?? $"could not start {what}: {e.Message}");
        }
    }

    /// <summary>A loopback port nobody listens on now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>
    /// Reads stdout until a line contains <paramref name="marker"/> and returns what follows it on that line; then
    /// drains the rest. If the child ends first or <paramref name="guard"/> passes (a guard against a hung child on a
    /// loaded host, not a measurement), it is killed and the error is one line: what did not start, and its stderr.
    /// </summary>
    public async Task<string> WaitForReadyAsync(string marker, TimeSpan guard, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(guard);
        try
        {
            while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                int at = line.IndexOf(marker, StringComparison.Ordinal);
                if (at < 0) continue;
                _ = DrainStdoutAsync();
                return line[(at + marker.Length)..];
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
        catch
        {
            Kill();
            throw;
        }
        Kill();
        var why = (await StderrAsync()).Trim().ReplaceLineEndings(" ");
        throw new InputException($"{_what} did not start: {(why.Length > 0 ? why : $"no '{marker.Trim()}' line")}");
    }

    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    /// <summary>All of stderr, once the child has closed it.</summary>
    public async Task<string> StderrAsync()
    {
        await _stderrRead;
        lock (_stderr) return _stderr.ToString();
    }

    /// <summary>
    /// Kills the whole process tree outright (no graceful stop), waits until it is gone, and removes the runtime's
    /// files the killed child could not (<see cref="RuntimeIpcFiles"/>).
    /// </summary>
    public void Kill()
    {
        if (_reaped) return;
        _reaped = true;
        try
        {
            if (!_process.HasExited)
            {
                var files = RuntimeIpcFiles.Of(_process.Id);
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
                files.Remove();
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private async Task ReadStderrAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
                lock (_stderr) _stderr.AppendLine(line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Disposed while reading: what was read is kept.
        }
    }

    private async Task DrainStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is not null) { }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Disposed while draining.
        }
    }
}
