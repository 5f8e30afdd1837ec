using Verge.Cli;

return await CliHost.RunAsync(args);
