using Grpc.Core;
using Verge.Net.Client;
using Verge.Net.Hosting;
using Verge.Net.Links;
using Verge.Net.Protos;
using Verge.Net.Security;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Tests.Security;

/// <summary>Real Kestrel with https on loopback and a certificate made by <see cref="SelfSignedCertificate"/>; a real stage runs over it.</summary>
public sealed class TlsRoundTripTests
{
    [Fact]
    public async Task AStageRunsOverTlsForAClientTrustingTheGeneratedCertificate()
    {
        using var dir = new TempDir("verge-tls-");
        var (cert, key) = SecurityFixtures.WriteCertificate(dir);
        var security = new ServerSecurity { CertificateFile = cert, KeyFile = key, Tokens = SecurityFixtures.Tokens };
        await using var node = await NodeHost.StartAsync(new NodeHostOptions("edge") { Security = security });
        Assert.StartsWith("https://127.0.0.1:", node.Url);

        using var client = NodeClient.Connect(node.Url, LinkParameters.Unlimited, security: new ClientSecurity(SecurityFixtures.AdminToken, cert));
        await client.LoadStageAsync(TestModels.TailStage);
        var x = TestModels.Input(3);
        FloatTensor h, expected;
        using (var head = new StageSession(TestModels.HeadStage.Model, TestModels.HeadStage.Inputs, TestModels.HeadStage.Outputs))
            h = head.Run([x])[0];
        using (var tail = new StageSession(TestModels.TailStage.Model, TestModels.TailStage.Inputs, TestModels.TailStage.Outputs))
            expected = tail.Run([h])[0];
        var request = new InferRequest { StageId = "tail", FrameId = 3 };
        request.Inputs.Add(TensorCodec.Encode(h, TensorEncoding.Fp32));
        var reply = await client.InferAsync(request);
        Assert.Equal(expected.Data, TensorCodec.Decode(reply.Outputs[0]).Data);
    }

    [Fact]
    public async Task AClientThatDoesNotTrustTheCertificateIsRefused()
    {
        using var dir = new TempDir("verge-tls-");
        var (cert, key) = SecurityFixtures.WriteCertificate(dir);
        var (other, _) = SecurityFixtures.WriteCertificate(dir, "other");
        await using var node = await NodeHost.StartAsync(new NodeHostOptions("edge") { Security = new ServerSecurity { CertificateFile = cert, KeyFile = key } });
        // Neither the system store nor another self-signed certificate vouches for this server.
        foreach (var ca in new[] { null, other })
        {
            using var client = NodeClient.Connect(node.Url, LinkParameters.Unlimited, security: new ClientSecurity(null, ca));
            var e = await Assert.ThrowsAsync<RpcException>(() => client.PingAsync(TimeSpan.FromSeconds(10)));
            // Grpc.Net.Client reports a failed TLS handshake as INTERNAL with the SSL error as the cause.
            Assert.Equal(StatusCode.Internal, e.StatusCode);
            Assert.Contains("SSL", e.Status.DebugException?.ToString() ?? e.Status.Detail);
        }
    }
}
