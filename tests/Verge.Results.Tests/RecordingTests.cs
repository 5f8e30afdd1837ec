using System.CommandLine;
using Verge.Cli;

namespace Verge.Results.Tests;

[Collection(InProcessCli.Name)]
public sealed class RecordingTests
{
    [Theory]
    [InlineData("run")]
    [InlineData("train")]
    [InlineData("fl simulate")]
    [InlineData("load")]
    [InlineData("profile")]
    [InlineData("bench infer")]
    [InlineData("bench partition")]
    [InlineData("bench serving")]
    [InlineData("bench compress")]
    public void EveryMeasuringCommandTakesDbAndNoRecord(string path)
    {
        Command command = CliHost.BuildRoot();
        foreach (var name in path.Split(' '))
            command = command.Subcommands.Single(c => c.Name == name);
        Assert.Contains(command.Options, o => o.Name == "--db");
        Assert.Contains(command.Options, o => o.Name == "--no-record");
    }

    [Fact]
    public async Task ProfileRecordsItsPerLayerProfile()
    {
        using var tiny = new Tiny();
        Assert.Equal(0, await CliHost.RunAsync(["profile", tiny.Model, "--runs", "1", "--threads", "1", "--db", tiny.Db, "--json", Path.Combine(tiny.Dir, "p.json")]));
        using var store = ResultsStore.Open(tiny.Db);
        var record = Assert.Single(store.Query());
        Assert.Equal("profile", record.Command);
        var profile = StoredProfiles.Deserialize(record.Profile!);
        Assert.Equal(["matmul"], profile.Nodes.Select(n => n.Name));
        Assert.Equal("cpu", profile.Provider);
        Assert.Equal(tiny.Model, record.Model!.Name);
        Assert.Equal(12, record.Model.Parameters);
    }
}
