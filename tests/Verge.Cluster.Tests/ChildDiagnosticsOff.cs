using System.Runtime.CompilerServices;

namespace Verge.Cluster.Tests;

/// <summary>Before any test of this assembly starts a child: no diagnostics files from the children (see <see cref="ChildDiagnostics"/>).</summary>
internal static class ChildDiagnosticsOff
{
    // A test assembly is the one place a module initializer belongs: it must run before any test, whichever runs first.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Disable() => ChildDiagnostics.Disable();
}
