using System.CommandLine;

namespace Verge.Cli.Commands;

internal static class ProfileCommand
{
    public static Command Create()
    {
        var command = new Command("profile", "TODO");
        command.SetAction(_ => 0);
        return command;
    }
}
