using System.Runtime.CompilerServices;

namespace Verge.Inference.Tests;

/// <summary>
/// Points the results store (VERGE_DB) at a temporary file before any test runs the CLI, in process or as a child,
/// so tests never append to the user's own benchmark repository.
/// </summary>
internal static class TestResultsStore
{
    // A test assembly is the one place a module initializer belongs: it must run before any test, whichever runs first.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Isolate()
    {
        if (Environment.GetEnvironmentVariable("VERGE_DB") is { Length: > 0 }) return;
        var path = Path.Combine(Path.GetTempPath(), $"verge-test-results-{Environment.ProcessId}.db");
        Environment.SetEnvironmentVariable("VERGE_DB", path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
    }
}
