using Verge.Learning.Federated;
using Verge.Learning.Federated.Codecs;

namespace Verge.Learning.Tests.Federated;

public sealed class IntakeTests
{
    private static readonly HashSet<int> Asked = [0, 1, 2];
    private readonly UpdateIntake _intake = new(modelLength: 4);

    private static UpdateEnvelope Envelope(float[] delta, int client = 1, int round = 5, long version = 4) =>
        new(client, round, version, new Fp32Codec().Encode(delta), 10, 3, 0.5);

    [Fact]
    public void AGoodUpdateIsAcceptedWithItsBytes()
    {
        var (update, reason) = _intake.Accept(Envelope([1, 2, 3, 4]), 5, 4, Asked);
        Assert.Null(reason);
        Assert.Equal([1f, 2f, 3f, 4f], update!.Delta);
        Assert.Equal(Fp32Codec.EncodedSize(4), update.UplinkBytes);
    }

    [Theory]
    [InlineData("shape", "sent 3 values, the model has 4")]
    [InlineData("nan", "non-finite value (NaN) at index 2")]
    [InlineData("inf", "non-finite value")]
    [InlineData("version", "trained model version 3, the current one is 4")]
    [InlineData("round", "for round 4, the current round is 5")]
    [InlineData("client", "client 7 was not asked")]
    [InlineData("garbage", "malformed update")]
    public void BadUpdatesAreRejectedWithAReason(string fault, string expected)
    {
        var envelope = fault switch
        {
            "shape" => Envelope([1, 2, 3]),
            "nan" => Envelope([1, 2, float.NaN, 4]),
            "inf" => Envelope([1, float.PositiveInfinity, 3, 4]),
            "version" => Envelope([1, 2, 3, 4], version: 3),
            "round" => Envelope([1, 2, 3, 4], round: 4),
            "client" => Envelope([1, 2, 3, 4], client: 7),
            _ => Envelope([1, 2, 3, 4]) with { Payload = [3, 4, 0, 0, 0, 9] },
        };
        var (update, reason) = _intake.Accept(envelope, 5, 4, Asked);
        Assert.Null(update);
        Assert.Contains(expected, reason);
    }

    [Fact]
    public void AsynchronousIntakeTakesStaleButNotFutureVersions()
    {
        Assert.Equal([1f, 2f, 3f, 4f], _intake.Accept(Envelope([1, 2, 3, 4], round: 2, version: 1), 5, 4, Asked, allowStale: true).Update!.Delta);
        Assert.Null(_intake.Accept(Envelope([1, 2, 3, 4], version: 9), 5, 4, Asked, allowStale: true).Update);
    }

    [Fact]
    public void AnUpdateOf1e30PerValueIsRefusedByItsNorm()
    {
        var (update, reason) = _intake.Accept(Envelope([1e30f, 1e30f, 1e30f, 1e30f]), 5, 4, Asked);
        Assert.Null(update);
        Assert.Contains("sent an update of norm Infinity, more than the limit of 1E+03", reason);
    }

    [Fact]
    public void ANormJustAboveTheLimitIsRefusedAndOneBelowTaken()
    {
        var intake = new UpdateIntake(4, new IntakeLimits(MaxUpdateNorm: 5));
        Assert.NotNull(intake.Accept(Envelope([3, 4, 0, 0]), 5, 4, Asked).Update);
        Assert.Contains("norm 5.1", intake.Accept(Envelope([3, 4, 1, 0]), 5, 4, Asked).Rejection);
    }

    [Fact]
    public void AClientClaimingHugeSampleCountsIsRefused()
    {
        var (update, reason) = _intake.Accept(Envelope([1, 2, 3, 4]) with { Samples = int.MaxValue }, 5, 4, Asked);
        Assert.Null(update);
        Assert.Contains($"claimed {int.MaxValue} samples, more than the limit of {1 << 20}", reason);
    }
}
