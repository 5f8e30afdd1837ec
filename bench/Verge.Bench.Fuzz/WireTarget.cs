using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Verge.Net.Federated;
using Verge.Net.Hosting;
using Verge.Net.Protos;
using Verge.Net.Serving;

namespace Verge.Bench.Fuzz;

/// <summary>
/// The services as `verge serve --models` and `verge fl server` run them, in this worker on loopback ports: the
/// stage service and the Open Inference Protocol (gRPC, and REST), and a federated server. Each case is sent as raw
/// bytes; afterwards every service must still answer, or the case counts as a crash.
/// </summary>
public sealed class WireTarget : IAsyncDisposable
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ServingHost _serving;
    private readonly FederationServer _federation;
    private readonly GrpcChannel _stage;
    private readonly GrpcChannel _fed;
    private readonly HttpClient _http;
    private readonly string _repository;

    private WireTarget(ServingHost serving, FederationServer federation, string repository)
    {
        _serving = serving;
        _federation = federation;
        _repository = repository;
        _stage = GrpcChannel.ForAddress(serving.Url);
        _fed = GrpcChannel.ForAddress(federation.Url);
        _http = new HttpClient { BaseAddress = new Uri(serving.RestUrl!), Timeout = Deadline };
    }

    public static async Task<WireTarget> StartAsync(string scratch)
    {
        var lenet = SeedModels.Instance.Named("lenet5");
        var repository = Directory.CreateDirectory(Path.Combine(scratch, "repository")).FullName;
        var version = Directory.CreateDirectory(Path.Combine(repository, OipMessages.Model, "1")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(version, "model.onnx"), lenet.Bytes);
        await File.WriteAllTextAsync(Path.Combine(repository, OipMessages.Model, "config.yaml"), "max_batch_size: 8\nprofile_runs: 0\n");
        var serving = await ServingHost.StartAsync(repository, new NodeHostOptions("edge"), "http://127.0.0.1:0");
        // Many rounds, a short round timeout and a day's quorum wait: the federation neither finishes nor gives up
        // for want of clients while the fuzzer talks to it.
        var options = new FederationServerOptions("fedavg", "mlp", "fp32", Rounds: 1_000_000, MinClients: 2) { RoundTimeout = TimeSpan.FromSeconds(2), TestLimit = -1, QuorumWait = TimeSpan.FromDays(1) };
        var federation = await FederationServer.StartAsync(options, "127.0.0.1", 0, _ => { });
        var target = new WireTarget(serving, federation, repository);
        var load = new LoadStageRequest { StageId = StageMessages.BaseStage, Model = ByteString.CopyFrom(lenet.Bytes) };
        load.Inputs.Add(lenet.Input);
        load.Outputs.Add(lenet.Output);
        await new StageService.StageServiceClient(target._stage).LoadStageAsync(load);
        return target;
    }

    public async Task<CaseResult> RunAsync(FuzzCase c)
    {
        var split = c.Target.Split('|', 2);
        CaseResult result;
        if (split[0] == "raw") result = await RawAsync(c, split[1]);
        else if (split[0] == "rest") result = await RestAsync(c, split[1]);
        else result = await GrpcAsync(c, split[0] == "fed" ? _fed : _stage, split[1]);
        var down = await DownAsync();
        return down is null ? result : new CaseResult(c.Index, Outcome.Crash, c.Target, $"{down} after: {result.Detail}");
    }

    private async Task<CaseResult> GrpcAsync(FuzzCase c, GrpcChannel channel, string fullName)
    {
        var slash = fullName.LastIndexOf('/');
        var method = new Method<byte[], byte[]>(MethodType.Unary, fullName[1..slash], fullName[(slash + 1)..], Bytes, Bytes);
        try
        {
            await channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow + Deadline), c.Payload);
            return new CaseResult(c.Index, Outcome.Success, c.Target, "OK");
        }
        catch (RpcException e)
        {
            var outcome = e.StatusCode switch
            {
                StatusCode.Unknown or StatusCode.Internal or StatusCode.DataLoss => Outcome.InternalError,
                StatusCode.DeadlineExceeded or StatusCode.Cancelled => Outcome.Hang,
                _ => Outcome.CleanError,
            };
            return new CaseResult(c.Index, outcome, c.Target, $"{e.StatusCode}: {e.Status.Detail}");
        }
    }

    private async Task<CaseResult> RestAsync(FuzzCase c, string path)
    {
        using var content = new ByteArrayContent(c.Payload);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        try
        {
            using var reply = await _http.PostAsync(path, content);
            int code = (int)reply.StatusCode;
            var body = await reply.Content.ReadAsStringAsync();
            var outcome = code switch { < 300 => Outcome.Success, < 500 => Outcome.CleanError, 503 => Outcome.CleanError, _ => Outcome.InternalError };
            return new CaseResult(c.Index, outcome, c.Target, $"HTTP {code}: {(body.Length > 200 ? body[..200] : body)}");
        }
        catch (TaskCanceledException)
        {
            return new CaseResult(c.Index, Outcome.Hang, c.Target, $"no REST answer within {Deadline.TotalSeconds:F0} s");
        }
    }

    /// <summary>Bytes straight onto the socket; whatever comes back (or a close) is fine as long as the services live on.</summary>
    private async Task<CaseResult> RawAsync(FuzzCase c, string port)
    {
        var url = new Uri(port switch { "fed" => _federation.Url, "rest" => _serving.RestUrl!, _ => _serving.Url });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, url.Port);
        string answer;
        try
        {
            await socket.SendAsync(c.Payload, SocketFlags.None);
            var buffer = new byte[256];
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token);
            answer = n == 0 ? "closed" : System.Text.Encoding.ASCII.GetString(buffer, 0, n).Split('\n')[0].Trim();
        }
        catch (OperationCanceledException)
        {
            answer = "no answer within 2 s (connection held)";
        }
        catch (SocketException e)
        {
            answer = $"socket {e.SocketErrorCode}";
        }
        return new CaseResult(c.Index, Outcome.CleanError, c.Target, answer);
    }

    /// <summary>Null when every service answers; otherwise which one is down.</summary>
    private async Task<string?> DownAsync()
    {
        foreach (var (name, channel) in new[] { ("stage/inference service", _stage), ("federated service", _fed) })
        {
            // An unknown method is the cheapest call that needs the whole stack and changes no state: UNIMPLEMENTED means alive.
            var probe = new Method<byte[], byte[]>(MethodType.Unary, "fuzz.Probe", "Alive", Bytes, Bytes);
            try
            {
                await channel.CreateCallInvoker().AsyncUnaryCall(probe, null, new CallOptions(deadline: DateTime.UtcNow + Deadline), []);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
            {
            }
            catch (RpcException e)
            {
                return $"{name} down ({e.StatusCode})";
            }
        }
        try
        {
            using var live = await _http.GetAsync("/v2/health/live");
            if (!live.IsSuccessStatusCode) return $"REST not live (HTTP {(int)live.StatusCode})";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"REST down ({e.GetType().Name})";
        }
        return _federation.Completion.IsFaulted ? $"federation faulted ({_federation.Completion.Exception?.InnerException?.Message})" : null;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _stage.Dispose();
        _fed.Dispose();
        await _federation.DisposeAsync();
        await _serving.DisposeAsync();
        try { Directory.Delete(_repository, recursive: true); } catch (IOException) { }
    }
}
