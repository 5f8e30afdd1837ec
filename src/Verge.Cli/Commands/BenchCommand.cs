using System.CommandLine;
using Verge.Inference.Zoo;

namespace Verge.Cli.Commands;

/// <summary><c>verge bench</c>: benchmarks that write their tables to docs/results; one subcommand per study.</summary>
internal static class BenchCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var command = new Command("bench", "Run a benchmark and write its results table to docs/results.");
        command.Subcommands.Add(BenchCompressCommand.Create());
        command.Subcommands.Add(BenchInferCommand.Create(zoo));
        command.Subcommands.Add(BenchDilationCommand.Create(zoo));
        command.Subcommands.Add(BenchNoisyCommand.Create());
        command.Subcommands.Add(BenchSplitLearningCommand.Create());
        command.Subcommands.Add(BenchPartitionCommand.Create(zoo));
        command.Subcommands.Add(BenchServingCommand.Create(zoo));
        command.Subcommands.Add(BenchPrivacyCommand.Create());
        command.Subcommands.Add(BenchDataNoiseCommand.Create());
        command.Subcommands.Add(BenchStreamsCommand.Create(zoo));
        command.Subcommands.Add(BenchTilesCommand.Create(zoo));
        command.Subcommands.Add(BenchClusterCommand.Create());
        command.Subcommands.Add(BenchPrivateCommand.Create(zoo));
        command.Subcommands.Add(BenchCodecsCommand.Create());
        return command;
    }
}
