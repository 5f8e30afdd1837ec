using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Net.Security;
using Verge.Net.Serving.Protocol;

namespace Verge.Net.Serving.Load;

/// <summary>
/// `verge load`: drives a server's Open Inference Protocol gRPC service (perf_analyzer's job) with closed-loop
/// clients or an open-loop rate, for a fixed duration, and summarises what came back (<see cref="LoadSummary"/>).
/// Inputs follow the model's metadata (symbolic dimensions become 1), random values, sent as raw contents.
/// </summary>
public sealed class LoadGenerator
{
    private readonly LoadOptions _options;
    private readonly GRPCInferenceService.GRPCInferenceServiceClient _client;
    private readonly ConcurrentBag<LoadSample> _samples = [];
    private readonly long[] _sequences;
    private long _next, _issued;
    private ModelInferRequest _template = new();

    private LoadGenerator(LoadOptions options, GRPCInferenceService.GRPCInferenceServiceClient client)
    {
        _options = options;
        _client = client;
        _sequences = new long[Math.Max(1, options.Streams)];
    }

    public static async Task<LoadReport> RunAsync(LoadOptions options, CancellationToken ct = default)
    {
        using var channel = GrpcChannel.ForAddress(options.Url, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = null,
            HttpHandler = options.Security.CreateTransport(),
            DisposeHttpClient = true,
        });
        var generator = new LoadGenerator(options, new GRPCInferenceService.GRPCInferenceServiceClient(channel));
        return await generator.RunAsync(ct);
    }

    private async Task<LoadReport> RunAsync(CancellationToken ct)
    {
        ModelMetadataResponse metadata;
        try
        {
            metadata = await _client.ModelMetadataAsync(new ModelMetadataRequest { Name = _options.Model, Version = _options.Version }, cancellationToken: ct);
        }
        catch (RpcException e) when (SecurityRefusal.Describe(e) is { } refusal)
        {
            throw new InputException($"{_options.Url}: {refusal}");
        }
        catch (RpcException e)
        {
            var detail = e.Status.Detail.TrimEnd('.');
            throw new InputException(e.StatusCode == StatusCode.Unavailable
                ? $"cannot reach {_options.Url} ({detail}); check that `verge serve --models` runs there"
                : $"{_options.Url}: model '{_options.Model}': {detail}; check the model name");
        }
        _template = Template(metadata);

        var clock = Stopwatch.StartNew();
        var end = _options.Duration;
        if (_options.Rate is double rate)
        {
            var pending = new List<Task>();
            for (long k = 0; k < (_options.Requests ?? long.MaxValue); k++)
            {
                var due = TimeSpan.FromSeconds(k / rate);
                if (due >= end) break;
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
                pending.Add(SendAsync(clock, ct));
            }
            await Task.WhenAll(pending);
        }
        else
        {
            await Task.WhenAll(Enumerable.Range(0, _options.Concurrency).Select(async _ =>
            {
                while (clock.Elapsed < end && Interlocked.Increment(ref _issued) <= (_options.Requests ?? long.MaxValue))
                    await SendAsync(clock, ct);
            }));
        }
        return LoadSummary.From(_samples.ToList(), clock.Elapsed.TotalMilliseconds, _options.DeadlineMs);
    }

    private async Task SendAsync(Stopwatch clock, CancellationToken ct)
    {
        var request = _template.Clone();
        int stream = -1;
        if (_options.Streams > 0)
        {
            stream = (int)(Interlocked.Increment(ref _next) % _options.Streams);
            request.Parameters[OipParameters.StreamId] = new InferParameter { StringParam = $"load-{stream}" };
            request.Parameters[OipParameters.Sequence] = new InferParameter { Int64Param = Interlocked.Increment(ref _sequences[stream]) };
        }
        // The deadline goes as `deadline_ms` only, for the server to enforce (it answers DEADLINE_EXCEEDED itself), not
        // as a gRPC deadline: at its deadline a client resets the call's HTTP/2 stream, and under overload a flood of
        // resets trips Kestrel's rapid-reset guard (ENHANCE_YOUR_CALM refusals, then "exceeded the output operations
        // maximum queue size"), which drops the whole connection and fails every call on it as UNAVAILABLE. A late
        // answer still counts as a miss (LoadSummary compares each latency with the deadline).
        if (_options.DeadlineMs is double ms)
            request.Parameters[OipParameters.DeadlineMs] = new InferParameter { DoubleParam = ms };

        double sent = clock.Elapsed.TotalMilliseconds;
        try
        {
            var response = await _client.ModelInferAsync(request, cancellationToken: ct);
            _samples.Add(new LoadSample(LoadOutcome.Answered, sent, clock.Elapsed.TotalMilliseconds,
                Micros(response, OipAnswers.QueueUs), Micros(response, OipAnswers.ComputeUs), stream));
        }
        catch (RpcException e) when (!ct.IsCancellationRequested)
        {
            var outcome = e.StatusCode switch
            {
                StatusCode.ResourceExhausted or StatusCode.Aborted => LoadOutcome.Rejected,
                StatusCode.DeadlineExceeded => LoadOutcome.TimedOut,
                _ => LoadOutcome.Failed,
            };
            _samples.Add(new LoadSample(outcome, sent, clock.Elapsed.TotalMilliseconds, 0, 0, stream));
        }
    }

    private static double Micros(ModelInferResponse response, string key) =>
        response.Parameters.TryGetValue(key, out var p) ? p.Int64Param / 1000.0 : 0;

    private ModelInferRequest Template(ModelMetadataResponse metadata)
    {
        var rng = new Random(_options.Seed);
        var request = new ModelInferRequest { ModelName = _options.Model, ModelVersion = _options.Version };
        foreach (var input in metadata.Inputs)
        {
            var shape = input.Shape.Select(d => d < 0 ? 1 : d).ToArray();
            if (!OipDatatype.TryParse(input.Datatype, out int type))
                throw new InputException($"model '{_options.Model}': input '{input.Name}' has datatype {input.Datatype}, which `verge load` cannot generate");
            long count = shape.Aggregate(1L, (a, d) => a * d);
            var bytes = new byte[count * ElementType.Size(type)];
            if (type == ElementType.Float)
                for (long i = 0; i < count; i++) BitConverter.TryWriteBytes(bytes.AsSpan((int)(i * 4)), rng.NextSingle());
            var tensor = new ModelInferRequest.Types.InferInputTensor { Name = input.Name, Datatype = input.Datatype };
            tensor.Shape.AddRange(shape);
            request.Inputs.Add(tensor);
            request.RawInputContents.Add(ByteString.CopyFrom(bytes));
        }
        return request;
    }
}
