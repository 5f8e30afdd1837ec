namespace Verge.TestSupport;

/// <summary>
/// Points the results store (VERGE_DB) at a temporary file before any test runs the CLI, in process or as a child,
/// so tests never append to the user's own benchmark repository. Each test assembly calls this from its own module
/// initializer (an initializer runs only in the assembly that declares it).
/// </summary>
public static class ResultsStoreIsolation
{
    public static void Isolate()
    {
        if (Environment.GetEnvironmentVariable("VERGE_DB") is { Length: > 0 }) return;
        var path = Path.Combine(Path.GetTempPath(), $"verge-test-results-{Environment.ProcessId}.db");
        Environment.SetEnvironmentVariable("VERGE_DB", path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
    }
}
