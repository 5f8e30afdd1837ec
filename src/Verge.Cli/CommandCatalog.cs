using System.CommandLine;
using Verge.Cli.Commands;
using Verge.Inference.Zoo;

namespace Verge.Cli;

/// <summary>Every top-level verb of the CLI, in the order `verge --help` lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All(ModelZoo zoo)
    {
        yield return DemoCommand.Create(zoo);
        yield return InspectCommand.Create(zoo);
        yield return ProfileCommand.Create(zoo);
        yield return CutsCommand.Create(zoo);
        yield return SplitCommand.Create(zoo);
        yield return PlanCommand.Create(zoo);
        yield return RunCommand.Create(zoo);
        yield return ServeCommand.Create();
        yield return LoadCommand.Create();
        yield return CertCommand.Create();
        yield return CompressCommand.Create(zoo);
        yield return ExitsCommand.Create(zoo);
        yield return TrainCommand.Create();
        yield return PrivacyCommand.Create();
        yield return EvalCommand.Create(zoo);
        yield return AuditCommand.Create();
        yield return PrivateInferCommand.Create(zoo);
        yield return PrivatePartyCommand.Create(zoo);
        yield return PrivateTrainCommand.Create();
        yield return SplitTrainCommand.Create();
        yield return NoisyTrainCommand.Create();
        yield return BenchCommand.Create(zoo);
        yield return FlCommand.Create();
        yield return ResultsCommand.Create();
    }
}
