using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Verge.Core.Errors;
using Verge.Inference.Serving;
using Verge.Inference.Serving.Api;
using Verge.Inference.Serving.Repository;
using Verge.Net.Security;

namespace Verge.Net.Serving;

/// <summary>
/// The Open Inference Protocol's REST form (KServe v2 HTTP/JSON) as minimal APIs over <see cref="InferenceServer"/>:
/// health, server and model metadata, model readiness, inference, and the repository extension. Errors answer
/// <c>{"error": "..."}</c> with the status <see cref="ServingStatus.Http"/> gives.
/// </summary>
public static class OipRestEndpoints
{
    public static void Map(IEndpointRouteBuilder app, InferenceServer server)
    {
        app.MapGet("/v2/health/live", http => Json(http, server.IsLive ? 200 : 503, new JsonObject { ["live"] = server.IsLive }));
        app.MapGet("/v2/health/ready", http => Json(http, server.IsReady ? 200 : 503, new JsonObject { ["ready"] = server.IsReady }));
        app.MapGet("/v2", http => Json(http, 200, new JsonObject
        {
            ["name"] = OipGrpcService.ServerName,
            ["version"] = OipGrpcService.VersionText(),
            ["extensions"] = new JsonArray(OipGrpcService.Extensions.Select(e => (JsonNode?)e).ToArray()),
        }));

        foreach (var prefix in new[] { "/v2/models/{name}", "/v2/models/{name}/versions/{version}" })
        {
            app.MapGet(prefix, http => Guard(http, () => Metadata(server, http)));
            app.MapGet(prefix + "/ready", http => Guard(http, () =>
            {
                bool ready = server.IsModelReady(Route(http, "name"), Version(http));
                return Json(http, ready ? 200 : 503, new JsonObject { ["name"] = Route(http, "name"), ["ready"] = ready });
            }));
            app.MapPost(prefix + "/infer", http => Guard(http, () => Infer(server, http)));
        }

        app.MapPost("/v2/repository/index", http => Json(http, 200, new JsonArray(server.Models().Select(s => (JsonNode?)new JsonObject
        {
            ["name"] = s.Name, ["version"] = s.Version.ToString(), ["state"] = s.State.ToString().ToUpperInvariant(), ["reason"] = s.Message,
        }).ToArray())));
        app.MapPost("/v2/repository/models/{name}/load", http => Guard(http, async () =>
        {
            var failed = (await server.LoadAsync(Route(http, "name"), http.RequestAborted)).FirstOrDefault(s => s.State == ModelState.Unavailable);
            await (failed is null ? Json(http, 200, new JsonObject())
                : Json(http, 400, new JsonObject { ["error"] = $"model '{failed.Name}' version {failed.Version}: {failed.Message}" }));
        })).RequireRole(TokenRole.Admin);
        app.MapPost("/v2/repository/models/{name}/unload", http => Guard(http, async () =>
        {
            await server.UnloadAsync(Route(http, "name"), http.RequestAborted);
            await Json(http, 200, new JsonObject());
        })).RequireRole(TokenRole.Admin);
    }

    private static Task Metadata(InferenceServer server, HttpContext http)
    {
        var model = server.Model(Route(http, "name"), Version(http));
        return Json(http, 200, new JsonObject
        {
            ["name"] = model.Name,
            ["versions"] = new JsonArray(server.Models().Where(s => s.Name == model.Name && s.State == ModelState.Ready)
                .Select(s => (JsonNode?)s.Version.ToString()).ToArray()),
            ["platform"] = OipGrpcService.Platform,
            ["inputs"] = new JsonArray(model.Inputs.Select(t => (JsonNode?)JsonTensors.Metadata(t)).ToArray()),
            ["outputs"] = new JsonArray(model.Outputs.Select(t => (JsonNode?)JsonTensors.Metadata(t)).ToArray()),
        });
    }

    private static async Task Infer(InferenceServer server, HttpContext http)
    {
        var model = server.Model(Route(http, "name"), Version(http)); // an unknown model is NOT_FOUND whatever the body holds
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException e)
        {
            throw ServingStatus.Invalid($"request body is not JSON ({e.Message.TrimEnd('.')}); send the protocol's JSON inference request");
        }
        using (document)
        {
            var body = document.RootElement;
            var requested = JsonTensors.RequestedOutputs(body);
            OipAnswers.CheckRequested(model, requested);
            var inputs = JsonTensors.Inputs(body);
            var options = OipParameters.ToOptions(JsonTensors.Parameters(body), received: RequestClock.Received(http));
            var result = await server.InferAsync(Route(http, "name"), Version(http), inputs, options, http.RequestAborted);
            var parameters = new JsonObject();
            foreach (var (key, value) in OipAnswers.Of(result)) parameters[key] = value;
            var response = new JsonObject { ["model_name"] = result.Model, ["model_version"] = result.Version.ToString() };
            if (body.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String) response["id"] = id.GetString();
            response["parameters"] = parameters;
            response["outputs"] = new JsonArray(OipAnswers.Requested(result, requested)
                .Select(o => (JsonNode?)JsonTensors.Output(o)).ToArray());
            await Json(http, 200, response);
        }
    }

    private static string Route(HttpContext http, string key) => http.Request.RouteValues[key] as string ?? "";

    private static long? Version(HttpContext http) =>
        http.Request.RouteValues.TryGetValue("version", out var v) ? OipGrpcService.ParseVersion(v as string ?? "") : null;

    private static async Task Guard(HttpContext http, Func<Task> handle)
    {
        try
        {
            await handle();
        }
        catch (ServingException e)
        {
            await Json(http, ServingStatus.Http(e.Error), new JsonObject { ["error"] = e.Message });
        }
        catch (VergeException e)
        {
            await Json(http, 400, new JsonObject { ["error"] = e.Message });
        }
    }

    /// <summary>Quotes in messages stay as written ('x', not \u0027x\u0027); the body is never embedded in HTML.</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task Json(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString(Readable), http.RequestAborted);
    }
}
