using System.CommandLine;

namespace Verge.Cli.Commands;

/// <summary>`verge fl`: federated training — a real server and clients over gRPC, or a simulation of many clients.</summary>
internal static class FlCommand
{
    public static Command Create()
    {
        var command = new Command("fl", "Federated and distributed training: gRPC server and clients, or an in-process simulation");
        command.Subcommands.Add(FlServerCommand.Create());
        command.Subcommands.Add(FlClientCommand.Create());
        command.Subcommands.Add(FlPeerCommand.Create());
        command.Subcommands.Add(FlSimulateCommand.Create());
        command.Subcommands.Add(FlPlotCommand.Create());
        return command;
    }
}
