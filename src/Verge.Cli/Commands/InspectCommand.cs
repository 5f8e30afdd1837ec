using System.CommandLine;

namespace Verge.Cli.Commands;

internal static class InspectCommand
{
    public static Command Create()
    {
        var command = new Command("inspect", "TODO");
        command.SetAction(_ => 0);
        return command;
    }
}
