namespace Verge.Net.Tests.Cli;

/// <summary>
/// The old name of <see cref="ChildProcess"/> in these tests, kept only so that test branches written against it
/// this session still build; new tests use <see cref="ChildProcess"/> (tests/Verge.TestSupport).
/// </summary>
internal sealed class VergeChild(params string[] args) : IDisposable
{
    private readonly ChildProcess _child = ChildProcess.StartVerge(args);

    public static Task<ChildResult> RunAsync(params string[] args) => ChildProcess.RunVergeAsync(args);

    public static Task<ChildResult> RunAsync(int seconds, params string[] args) => ChildProcess.RunVergeAsync(seconds, args);

    public Task<string> WaitForStderrAsync(string text, int seconds = 120) => _child.WaitForStderrAsync(text, seconds);

    public Task<ChildResult> ExitAsync(int seconds = 120) => _child.ExitAsync(seconds);

    public void Dispose() => _child.Dispose();
}
