using System.CommandLine;

namespace Verge.Cli.Commands;

/// <summary>`verge bench …`: the measurements whose results live in docs/results.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Run a benchmark and write its table, JSON and plot");
        command.Subcommands.Add(BenchPartitionCommand.Create());
        return command;
    }
}
