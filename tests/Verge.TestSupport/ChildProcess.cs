using System.Diagnostics;
using Xunit;

namespace Verge.TestSupport;

/// <summary>
/// A real child process for a test — most often the `verge` program itself (verge.dll sits beside every test
/// assembly that references Verge.Cli). Both output streams are read from the start, kept whole and offered line by
/// line, so a test can wait for a ready line or an event; disposing kills the whole process tree. Every wait has a
/// guard against a hung child on a loaded host; none of them is a timing assertion.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private const int DefaultGuardSeconds = 120;
    private readonly Process _process;
    private readonly OutputLines _stdout;
    private readonly OutputLines _stderr;
    private string? _url;
    private bool _reaped;

    private ChildProcess(Process process)
    {
        _process = process;
        _stdout = new OutputLines(process.StandardOutput);
        _stderr = new OutputLines(process.StandardError);
    }

    /// <summary>Starts <paramref name="start"/> with both output streams redirected and the runtime's diagnostics off (<see cref="ChildDiagnostics"/>).</summary>
    public static ChildProcess Start(ProcessStartInfo start)
    {
        (start.RedirectStandardOutput, start.RedirectStandardError, start.UseShellExecute) = (true, true, false);
        start.Environment.TryAdd(ChildDiagnostics.Variable, "0");
        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start"));
    }

    /// <summary>`dotnet verge.dll ARGS`, optionally in another folder and with environment variables set (a null value removes one).</summary>
    public static ProcessStartInfo VergeStartInfo(IEnumerable<string> args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet");
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            start.Environment[name] = value;
        // Stack traces only when a test asks for them: what a user sees is the one-line error.
        start.Environment["VERGE_DEBUG"] = "0";
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "verge.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>Starts `verge ARGS`.</summary>
    public static ChildProcess StartVerge(params string[] args) => Start(VergeStartInfo(args));

    /// <summary>
    /// Starts `verge ARGS` as a server and waits for its ready line, which must start with <paramref name="banner"/>
    /// ("… listening on "); <see cref="Url"/> is what follows it, up to a space. The child is killed if it never says so.
    /// </summary>
    public static async Task<ChildProcess> StartServerAsync(string banner, string[] args, int seconds = 60)
    {
        var child = StartVerge(args);
        try
        {
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            var line = await child.ReadLineAsync(guard.Token);
            Assert.StartsWith(banner, line);
            child._url = line![banner.Length..].Split(' ')[0];
            return child;
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    /// <summary>Runs `verge ARGS` to its end.</summary>
    public static ChildResult RunVerge(params string[] args) => RunVergeIn(null, null, args);

    /// <summary>Runs `verge ARGS` to its end in <paramref name="workingDirectory"/> (null: the test's) with these environment variables.</summary>
    public static ChildResult RunVergeIn(string? workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        using var child = Start(VergeStartInfo(args, workingDirectory, environment));
        return child.WaitForExit();
    }

    /// <summary>Runs `verge ARGS` to its end.</summary>
    public static Task<ChildResult> RunVergeAsync(params string[] args) => RunVergeAsync(DefaultGuardSeconds, args);

    /// <summary>Runs `verge ARGS` to its end within a guard of <paramref name="seconds"/>.</summary>
    public static async Task<ChildResult> RunVergeAsync(int seconds, params string[] args)
    {
        using var child = StartVerge(args);
        return await child.ExitAsync(seconds);
    }

    /// <summary>What a server child said it listens on (see <see cref="StartServerAsync"/>).</summary>
    public string Url => _url ?? throw new InvalidOperationException("this child was not started as a server");

    /// <summary>The child's process id (its memory is read from /proc).</summary>
    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Stdout so far (all of it once the child has exited).</summary>
    public string Stdout => _stdout.Text;

    /// <summary>Stderr so far (all of it once the child has exited).</summary>
    public string Stderr => _stderr.Text;

    /// <summary>Every stdout line read so far (all of them once the child has exited).</summary>
    public IReadOnlyList<string> Lines => _stdout.Lines;

    /// <summary>The next stdout line no wait has handed out yet; null once stdout has ended.</summary>
    public Task<string?> ReadLineAsync(CancellationToken ct) => _stdout.ReadLineAsync(ct);

    /// <summary>Reads stdout lines until one contains <paramref name="text"/>; fails if the child ends first.</summary>
    public Task<string> WaitForStdoutAsync(string text, int seconds = DefaultGuardSeconds) =>
        WaitForAsync(_stdout, Contains(text), $"'{text}'", seconds);

    /// <summary>Reads stdout lines until one matches <paramref name="match"/> (<paramref name="what"/> names it in the failure).</summary>
    public Task<string> WaitForStdoutAsync(Func<string, bool> match, string what, int seconds = DefaultGuardSeconds) =>
        WaitForAsync(_stdout, match, what, seconds);

    /// <summary>Reads stderr lines until one contains <paramref name="text"/>; fails if the child ends first.</summary>
    public Task<string> WaitForStderrAsync(string text, int seconds = DefaultGuardSeconds) =>
        WaitForAsync(_stderr, Contains(text), $"'{text}'", seconds);

    /// <summary>Waits for the child to exit and for the rest of its output; kills it and fails if it outlives the guard.</summary>
    public async Task<ChildResult> ExitAsync(int seconds = DefaultGuardSeconds)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await _process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Describe()} did not finish within {seconds} s; stderr:\n{Stderr}");
        }
        await Task.WhenAll(_stdout.Completion, _stderr.Completion);
        return new ChildResult(_process.ExitCode, Stdout, Stderr);
    }

    /// <summary>The blocking form of <see cref="ExitAsync"/>, for tests that are not async.</summary>
    public ChildResult WaitForExit(int seconds = DefaultGuardSeconds)
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(seconds)))
        {
            Kill();
            throw new TimeoutException($"{Describe()} did not finish within {seconds} s; stderr:\n{Stderr}");
        }
        Task.WhenAll(_stdout.Completion, _stderr.Completion).GetAwaiter().GetResult();
        return new ChildResult(_process.ExitCode, Stdout, Stderr);
    }

    /// <summary>Kills the whole process tree outright (no graceful stop) and waits until it is gone.</summary>
    public void Kill()
    {
        if (_reaped) return;
        _reaped = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    /// <summary>Kills the child (if still running) and collects the rest of its output.</summary>
    public async Task KillAsync()
    {
        Kill();
        await Task.WhenAll(_stdout.Completion, _stderr.Completion);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static Func<string, bool> Contains(string text) => line => line.Contains(text, StringComparison.Ordinal);

    private string Describe()
    {
        var args = _process.StartInfo.ArgumentList;
        return args.Count > 0 && args[0].EndsWith("verge.dll", StringComparison.Ordinal)
            ? string.Join(' ', args.Skip(1).Prepend("verge"))
            : string.Join(' ', args.Prepend(_process.StartInfo.FileName));
    }

    private async Task<string> WaitForAsync(OutputLines output, Func<string, bool> match, string what, int seconds)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (await output.ReadLineAsync(guard.Token) is { } line)
                if (match(line)) return line;
        }
        catch (OperationCanceledException)
        {
        }
        throw new Xunit.Sdk.XunitException($"{Describe()} wrote no line with {what}; stdout so far:\n{Stdout}\nstderr so far:\n{Stderr}");
    }
}
