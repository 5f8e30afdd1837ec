using System.CommandLine;
using Verge.Cli.Commands;

namespace Verge.Cli;

/// <summary>Every top-level verb of the CLI, in the order `verge --help` lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return DemoCommand.Create();
        yield return InspectCommand.Create();
        yield return ProfileCommand.Create();
        yield return CutsCommand.Create();
        yield return SplitCommand.Create();
        yield return PlanCommand.Create();
        yield return RunCommand.Create();
        yield return ServeCommand.Create();
        yield return LoadCommand.Create();
        yield return CompressCommand.Create();
        yield return ExitsCommand.Create();
        yield return TrainCommand.Create();
        yield return EvalCommand.Create();
        yield return BenchCommand.Create();
        yield return FlCommand.Create();
    }
}
