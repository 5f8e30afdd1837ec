using Grpc.Core;
using Verge.Core.Errors;
using Verge.Inference.Serving;
using Verge.Inference.Serving.Api;
using Verge.Inference.Serving.Repository;
using Verge.Net.Security;
using Verge.Net.Serving.Protocol;
using TensorMetadata = Verge.Net.Serving.Protocol.ModelMetadataResponse.Types.TensorMetadata;

namespace Verge.Net.Serving;

/// <summary>
/// The Open Inference Protocol's gRPC service: a thin adapter over <see cref="InferenceServer"/>, which owns model
/// lookup, scheduling and counters. Errors become gRPC statuses through <see cref="ServingStatus"/>.
/// </summary>
public sealed class OipGrpcService(InferenceServer server) : GRPCInferenceService.GRPCInferenceServiceBase
{
    public const string ServerName = "verge";
    public const string Platform = "onnxruntime_onnx";

    /// <summary>The protocol extensions served: the repository calls and request parameters.</summary>
    public static readonly string[] Extensions = ["model_repository", "parameters"];

    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = server.IsLive });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = server.IsReady });

    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context) =>
        Guard(() => Task.FromResult(new ModelReadyResponse
            { Ready = server.IsModelReady(request.Name, ParseVersion(request.Version)) }));

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context)
    {
        var response = new ServerMetadataResponse { Name = ServerName, Version = VersionText() };
        response.Extensions.AddRange(Extensions);
        return Task.FromResult(response);
    }

    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context) =>
        Guard(() =>
        {
            var model = server.Model(request.Name, ParseVersion(request.Version));
            var response = new ModelMetadataResponse { Name = model.Name, Platform = Platform };
            response.Versions.AddRange(server.Models()
                .Where(s => s.Name == model.Name && s.State == ModelState.Ready).Select(s => s.Version.ToString()));
            response.Inputs.AddRange(model.Inputs.Select(Metadata));
            response.Outputs.AddRange(model.Outputs.Select(Metadata));
            return Task.FromResult(response);
        });

    public override Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context) =>
        Guard(async () =>
        {
            // An unknown model is NOT_FOUND whatever the inputs; an unknown output is refused before the model runs.
            var requested = request.Outputs.Select(o => o.Name).ToList();
            OipAnswers.CheckRequested(server.Model(request.ModelName, ParseVersion(request.ModelVersion)), requested);
            var inputs = GrpcTensors.Inputs(request);
            DateTimeOffset? deadline = context.Deadline == DateTime.MaxValue ? null : new DateTimeOffset(context.Deadline.ToUniversalTime());
            var options = OipParameters.ToOptions(GrpcTensors.Parameters(request.Parameters), deadline, RequestClock.Received(context.GetHttpContext()));
            var result = await server.InferAsync(request.ModelName, ParseVersion(request.ModelVersion), inputs, options, context.CancellationToken);

            var response = new ModelInferResponse { ModelName = result.Model, ModelVersion = result.Version.ToString(), Id = request.Id };
            foreach (var (key, value) in OipAnswers.Of(result))
                response.Parameters[key] = new InferParameter { Int64Param = value };
            var outputs = OipAnswers.Requested(result, requested);
            bool raw = GrpcTensors.AnswerRaw(request, outputs);
            foreach (var output in outputs)
                GrpcTensors.AddOutput(response, output, raw);
            return response;
        });

    public override Task<RepositoryIndexResponse> RepositoryIndex(RepositoryIndexRequest request, ServerCallContext context)
    {
        var response = new RepositoryIndexResponse();
        foreach (var s in server.Models().Where(s => !request.Ready || s.State == ModelState.Ready))
            response.Models.Add(new RepositoryIndexResponse.Types.ModelIndex
                { Name = s.Name, Version = s.Version.ToString(), State = s.State.ToString().ToUpperInvariant(), Reason = s.Message });
        return Task.FromResult(response);
    }

    [RequiresRole(TokenRole.Admin)]
    public override Task<RepositoryModelLoadResponse> RepositoryModelLoad(RepositoryModelLoadRequest request, ServerCallContext context) =>
        Guard(async () =>
        {
            var statuses = await server.LoadAsync(request.ModelName, context.CancellationToken);
            var failed = statuses.FirstOrDefault(s => s.State == ModelState.Unavailable);
            if (failed is not null)
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"model '{failed.Name}' version {failed.Version}: {failed.Message}"));
            return new RepositoryModelLoadResponse();
        });

    [RequiresRole(TokenRole.Admin)]
    public override Task<RepositoryModelUnloadResponse> RepositoryModelUnload(RepositoryModelUnloadRequest request, ServerCallContext context) =>
        Guard(async () =>
        {
            await server.UnloadAsync(request.ModelName, context.CancellationToken);
            return new RepositoryModelUnloadResponse();
        });

    /// <summary>"" means the latest loaded version; anything else must be a version number.</summary>
    public static long? ParseVersion(string version)
    {
        if (string.IsNullOrEmpty(version)) return null;
        return long.TryParse(version, out var v) && v >= 0 ? v
            : throw ServingStatus.Invalid($"model_version '{version}' is not a version number; give a number such as 1, or leave it empty for the latest");
    }

    public static string VersionText() => typeof(OipGrpcService).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private static TensorMetadata Metadata(Verge.Inference.Graph.TensorInfo t)
    {
        var m = new TensorMetadata { Name = t.Name, Datatype = OipDatatype.Name(t.ElementType) };
        m.Shape.AddRange(t.Shape);
        return m;
    }

    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ServingException e)
        {
            throw new RpcException(new Status(ServingStatus.Grpc(e.Error), e.Message));
        }
        catch (VergeException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
    }
}
