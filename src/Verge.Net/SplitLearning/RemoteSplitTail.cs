using Grpc.Core;
using Grpc.Net.Client;
using Verge.Core.Errors;
using Verge.Learning.Privacy.SplitLearning;
using Verge.Net.Client;
using Verge.Net.Security;
using Verge.Net.SplitLearning.Protos;

namespace Verge.Net.SplitLearning;

/// <summary>
/// The edge's tail behind gRPC, as the device's <see cref="SplitTrainer"/> sees it. An edge that is gone or refuses a
/// call ends training with an <see cref="InputException"/> naming it, never a silent wrong step.
/// </summary>
public sealed class RemoteSplitTail : ISplitTail, IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Protos.SplitLearning.SplitLearningClient _client;
    private readonly string _url;
    private readonly TimeSpan _timeout;
    private string _session = "";

    private RemoteSplitTail(string url, ClientSecurity security, TimeSpan timeout)
    {
        _url = url;
        _timeout = timeout;
        _channel = GrpcChannel.ForAddress(ClientSecurity.CheckUrl(url, "split-learning edge"), new GrpcChannelOptions
        {
            HttpHandler = security.CreateTransport(),
            DisposeHttpClient = true,
            MaxReceiveMessageSize = NodeClient.MaxMessageBytes,
            MaxSendMessageSize = NodeClient.MaxMessageBytes,
        });
        _client = new Protos.SplitLearning.SplitLearningClient(_channel);
    }

    /// <summary>The per-example activation shape the edge's tail expects.</summary>
    public int[] Shape { get; private set; } = [];

    /// <summary>Connects and configures the edge's tail for <paramref name="model"/> cut after <paramref name="cutAfter"/>.</summary>
    public static async Task<RemoteSplitTail> ConnectAsync(string url, string model, int cutAfter, int seed, float learningRate,
        ClientSecurity? security = null, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var tail = new RemoteSplitTail(url, security ?? ClientSecurity.None, timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            var reply = await tail.CallAsync(o => tail._client.ConfigureAsync(
                new SplitConfig { Model = model, CutAfter = cutAfter, Seed = seed, LearningRate = learningRate }, o).ResponseAsync, ct);
            tail._session = reply.Session;
            tail.Shape = [.. reply.Shape];
            return tail;
        }
        catch
        {
            tail.Dispose();
            throw;
        }
    }

    public async Task<(float[] Gradient, double Loss)> StepAsync(float[] activations, int[] shape, int[] labels, CancellationToken ct = default)
    {
        var request = Batch(activations, shape);
        request.Labels.AddRange(labels);
        var reply = await CallAsync(o => _client.StepAsync(request, o).ResponseAsync, ct);
        if (reply.Data.Count != activations.Length)
            throw new InputException($"split-learning edge at {_url} answered {reply.Data.Count} gradient values for {activations.Length} activations; check that it runs this version of verge");
        return ([.. reply.Data], reply.Loss);
    }

    public async Task<float[]> InferAsync(float[] activations, int[] shape, CancellationToken ct = default)
    {
        var reply = await CallAsync(o => _client.InferAsync(Batch(activations, shape), o).ResponseAsync, ct);
        return [.. reply.Data];
    }

    public void Dispose() => _channel.Dispose();

    private ActivationBatch Batch(float[] activations, int[] shape)
    {
        var request = new ActivationBatch { Session = _session };
        request.Shape.AddRange(shape);
        request.Data.AddRange(activations);
        return request;
    }

    private async Task<T> CallAsync<T>(Func<CallOptions, Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call(new CallOptions(deadline: DateTime.UtcNow + _timeout, cancellationToken: ct));
        }
        catch (RpcException e) when (!ct.IsCancellationRequested)
        {
            throw new InputException(e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown
                ? $"split-learning edge at {_url} is gone ({e.StatusCode}: {e.Status.Detail}); restart it (verge split-train edge) and train again"
                : $"split-learning edge at {_url} refused the call ({e.StatusCode}: {e.Status.Detail})");
        }
    }
}
