using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Federated;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Federated.SecureAggregation;
using Verge.Learning.Models;
using Verge.Net.Client;
using Verge.Net.Federated.Protos;

namespace Verge.Net.Federated;

/// <summary>
/// A device's federated loop over gRPC: join, then poll for fits, train on the local share with a
/// <see cref="FederatedClient"/>, and submit the encoded update — until the server says DONE. While the server is
/// unreachable (restarting), it retries for up to <see cref="FederationClientOptions.Patience"/>.
/// </summary>
public static class FederationClientRunner
{
    /// <summary>Runs to completion; returns the number of updates the server accepted.</summary>
    public static async Task<int> RunAsync(FederationClientOptions options, Action<string> log, CancellationToken ct = default)
    {
        using var channel = GrpcChannel.ForAddress(options.ServerUrl, new GrpcChannelOptions
        {
            HttpHandler = options.Security.CreateTransport(),
            DisposeHttpClient = true,
            MaxReceiveMessageSize = NodeClient.MaxMessageBytes,
            MaxSendMessageSize = NodeClient.MaxMessageBytes,
        });
        var federation = new Protos.Federation.FederationClient(channel);
        var id = options.ClientId;
        async Task<JoinReply> JoinAsync() => await RetryAsync(() => federation.JoinAsync(new JoinRequest { ClientId = id }, cancellationToken: ct).ResponseAsync, options, ct);
        var join = await JoinAsync();
        var session = join.Session;

        var train = (await FashionMnist.LoadTrainAsync(options.DataDirectory, ct)).Take(options.TrainLimit);
        var shares = options.Alpha is { } alpha
            ? Partitioner.Dirichlet(train.Labels, options.Clients, alpha, join.Seed)
            : Partitioner.Iid(train.Count, options.Clients, join.Seed);
        var model = TrainableZoo.Create(join.Model, join.Seed);
        var client = new FederatedClient(id, model, train.Subset(shares[id]), CodecSpec.Parse(join.Codec)(id), join.BatchSize, join.Seed);
        log($"client {id}: joined {join.Strategy} on {join.Model} with codec {join.Codec}; {client.Data.Count} local samples");

        int accepted = 0;
        using var secure = new SecAggClient(id, new Random(unchecked(join.Seed * 7919 + id)));
        while (true)
        {
            TaskReply task;
            try
            {
                task = await RetryAsync(() => federation.NextTaskAsync(new TaskRequest { ClientId = id, Session = session }, cancellationToken: ct).ResponseAsync, options, ct);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                // A restarted server has forgotten every session: join it again.
                session = (await JoinAsync()).Session;
                log($"client {id}: joined again ({e.Status.Detail})");
                continue;
            }
            if (task.Kind == TaskReply.Types.Kind.Done)
            {
                log($"client {id}: done, {accepted} updates accepted");
                return accepted;
            }
            if (task.Kind == TaskReply.Types.Kind.SecureAggregation)
            {
                await SecureStage.AnswerAsync(federation, secure, task, session, log, options, ct);
                continue;
            }
            if (task.Kind != TaskReply.Types.Kind.Fit) continue;
            var config = new FitConfig(task.LocalSteps, task.BatchSize, task.LearningRate, task.Momentum, task.ElasticAlpha) { LocalEpochs = task.LocalEpochs, ClipNorm = task.ClipNorm };
            float[] weights;
            try
            {
                weights = UpdateCodec.Decode(task.Weights.Span);
            }
            catch (FormatException e)
            {
                throw new InputException($"server {options.ServerUrl} sent malformed weights: {e.Message}");
            }
            log($"client {id}: round {task.Round} fitting");
            var masking = task.SecureAggregation.IsEmpty ? null : task.SecureAggregation.ToByteArray();
            if (masking is null && options.RequireSecureAggregation)
                throw new InputException($"server {options.ServerUrl} asks for a plain update in round {task.Round}; this client sends only masked ones " +
                                         "(--secure-aggregation): start the server with --secure-aggregation");
            UpdateEnvelope envelope;
            try
            {
                envelope = client.Fit(new FitInstruction(id, task.Round, task.ModelVersion, weights, config), ct,
                    masking is null ? null : delta => secure.Mask(masking, delta));
            }
            catch (Exception e) when (e is SecureAggregationAbortedException or FormatException)
            {
                log($"client {id}: round {task.Round}: {e.Message}");
                continue;
            }
            var request = new UpdateRequest
            {
                ClientId = id, Round = envelope.Round, ModelVersion = envelope.ModelVersion, Payload = ByteString.CopyFrom(envelope.Payload),
                Samples = envelope.Samples, Steps = envelope.Steps, TrainLoss = envelope.TrainLoss, Session = session,
            };
            try
            {
                var reply = await federation.SubmitUpdateAsync(request, cancellationToken: ct);
                if (reply.Accepted) accepted++;
                log(reply.Accepted
                    ? $"client {id}: round {task.Round} update accepted ({envelope.Payload.Length} B, loss {envelope.TrainLoss:F3})"
                    : $"client {id}: round {task.Round} update rejected: {reply.Reason}");
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
            {
                throw new InputException($"federated server {options.ServerUrl} refused this client: {e.Status.Detail}");
            }
            catch (RpcException e) when (IsTransient(e) || e.StatusCode == StatusCode.FailedPrecondition)
            {
                // The server went away mid-round; its restart re-runs the round, so poll again.
                log($"client {id}: round {task.Round} update lost ({e.StatusCode}); polling again");
            }
        }
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call, FederationClientOptions options, CancellationToken ct)
    {
        var giveUp = DateTimeOffset.UtcNow + options.Patience;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (IsTransient(e) && DateTimeOffset.UtcNow < giveUp)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
            {
                throw new InputException($"federated server {options.ServerUrl} refused this client: {e.Status.Detail}");
            }
            catch (RpcException e) when (IsTransient(e))
            {
                throw new InputException($"federated server {options.ServerUrl} unreachable for {options.Patience.TotalSeconds:G3} s ({e.Status.Detail}); is `verge fl server` running?");
            }
        }
    }

    private static bool IsTransient(RpcException e) => e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled
        or StatusCode.DeadlineExceeded;
}
