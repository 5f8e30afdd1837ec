using System.Diagnostics;

namespace Verge.Inference.Tests.Support;

/// <summary>Runs the real `verge` program (verge.dll beside the tests) as a child process and captures what a user sees.</summary>
internal static class VergeProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args) => RunIn(null, null, args);

    /// <summary>Runs in <paramref name="workingDirectory"/> (null: the test's) with these environment variables set (a null value removes one).</summary>
    public static Result RunIn(string? workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            psi.Environment[name] = value;
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "verge.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["VERGE_DEBUG"] = "0";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"verge {string.Join(' ', args)} did not finish");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
