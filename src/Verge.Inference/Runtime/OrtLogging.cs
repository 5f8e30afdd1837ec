using Microsoft.ML.OnnxRuntime;

namespace Verge.Inference.Runtime;

/// <summary>
/// Where ONNX Runtime's own log lines go. By default it writes coloured lines straight to stderr (warnings on old
/// opsets, an error when a failed session ends profiling), before and around the one line a Verge command prints;
/// every error it logs also comes back as an exception Verge reports. The host decides once, before any session.
/// </summary>
public static class OrtLogging
{
    /// <summary>
    /// Sends ONNX Runtime's messages of <paramref name="level"/> and above to <paramref name="sink"/> as plain
    /// lines; with no sink, only fatal ones are kept (on ONNX Runtime's own stderr).
    /// </summary>
    public static void Route(Action<string>? sink, OrtLoggingLevel level = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING)
    {
        var effective = sink is null ? OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL : level;
        if (OrtEnv.IsCreated)
        {
            // Another part of this process made the environment first (a test host): only its level can change.
            OrtEnv.Instance().EnvLogLevel = effective;
            return;
        }
        var options = new EnvironmentCreationOptions { logId = "verge", logLevel = effective };
        if (sink is not null)
            options.loggingFunction = (_, severity, category, _, _, message) =>
                sink($"onnxruntime {severity.ToString().Replace("ORT_LOGGING_LEVEL_", "").ToLowerInvariant()} [{category}]: {message.ReplaceLineEndings(" ")}");
        OrtEnv.CreateInstanceWithOptions(ref options);
    }
}
