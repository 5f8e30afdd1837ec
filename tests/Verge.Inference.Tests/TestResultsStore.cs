using System.Runtime.CompilerServices;

namespace Verge.Inference.Tests;

/// <summary>Isolates the results store (VERGE_DB) before any test of this assembly runs the CLI.</summary>
internal static class TestResultsStore
{
    // A test assembly is the one place a module initializer belongs: it must run before any test, whichever runs first.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Isolate() => ResultsStoreIsolation.Isolate();
}
