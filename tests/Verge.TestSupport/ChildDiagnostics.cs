namespace Verge.TestSupport;

/// <summary>
/// Turns the .NET runtime's diagnostics off in every child process a test host starts. A .NET process makes a
/// diagnostics socket (dotnet-diagnostic-PID-…-socket) and two debugger pipes (clr-debug-pipe-PID-…) in the temp
/// folder and removes them when it exits; the tests kill many children (servers, parties, fuzz workers), and a killed
/// child leaves all three behind for good. With <c>DOTNET_EnableDiagnostics=0</c> a child makes none. No test
/// attaches a debugger, dotnet-counters or dotnet-trace to a child. Each test assembly calls <see cref="Disable"/>
/// from its module initializer: it goes into this process's environment, which every child inherits whoever starts
/// it (<see cref="ChildProcess"/>, or product code under test such as LaunchedProcess), while the test host itself,
/// whose runtime read its environment at start-up, can still be debugged. Users' `verge` processes are untouched.
/// </summary>
public static class ChildDiagnostics
{
    public const string Variable = "DOTNET_EnableDiagnostics";

    public static void Disable() => Environment.SetEnvironmentVariable(Variable, "0");
}
