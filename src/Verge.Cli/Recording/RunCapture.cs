using System.Text.Json;
using Verge.Cli.Output;
using Verge.Inference.Graph;
using Verge.Inference.Runtime;
using Verge.Results;

namespace Verge.Cli.Recording;

/// <summary>
/// What the running command produced, gathered where it already passes by (its JSON document, the model it loaded,
/// the profile it measured) so that <see cref="ResultsRecording"/> can keep it without each command knowing the
/// store. One per invocation: in-process callers (tests) may run several commands at once.
/// </summary>
internal sealed class RunCapture
{
    private static readonly AsyncLocal<RunCapture?> CurrentCapture = new();

    public string? Document { get; private set; }
    public ModelDescriptor? Model { get; private set; }
    public string? Profile { get; private set; }

    public static RunCapture Begin() => CurrentCapture.Value = new RunCapture();

    /// <summary>The command's machine-readable result (JsonOutput.Write calls this; the last one written wins).</summary>
    public static void NoteDocument<T>(T value)
    {
        if (CurrentCapture.Value is { } capture) capture.Document = JsonSerializer.Serialize(value, JsonOutput.Options);
    }

    /// <summary>The model the command measured.</summary>
    public static void NoteModel(ModelGraph graph)
    {
        if (CurrentCapture.Value is { } capture) capture.Model = ModelDescriptor.From(graph);
    }

    /// <summary>The per-layer profile the command measured or used.</summary>
    public static void NoteProfile(ModelProfile profile)
    {
        if (CurrentCapture.Value is { } capture) capture.Profile = StoredProfiles.Serialize(profile);
    }
}
