using Verge.Learning.Data.Streams;
using Verge.Learning.Engine;
using Verge.Net.Running.Streams;

namespace Verge.Net.Benchmarks.Streams;

/// <summary>
/// Streams whose scene statistics change from window to window, built from the generator's presets (seeded), so the
/// periodic scheduler meets content that changes (VideoStorm and Chameleon re-profile for it). Three kinds in turn:
/// a camera that alternates static and busy scenes, one that alternates busy and static (each scene lasting 2–4
/// profiling windows, seeded), and a static camera whose items drift between class subsets, a new subset every two
/// windows (<see cref="StreamPreset.Drifting"/>'s subsets).
/// </summary>
public static class ChangingStreams
{
    public static IReadOnlyList<string> Kinds { get; } = ["static→busy", "busy→static", "drifting classes"];

    public static FrameStream Make(StreamFrames frames, int index, int windows, int window, int seed)
    {
        string kind = Kinds[index % Kinds.Count];
        if (index % Kinds.Count == 2)
        {
            var drifting = frames.Evaluation(StreamPreset.Drifting with { SubsetFrames = 2 * window }, windows * window, seed);
            return drifting with { Preset = drifting.Preset with { Name = kind } };
        }
        var rng = new Rng(seed);
        var list = new List<StreamFrame>(windows * window);
        int items = 0;
        for (int part = 0, at = 0; at < windows; part++)
        {
            var preset = (part + index % Kinds.Count) % 2 == 0 ? StreamPreset.Static : StreamPreset.Busy;
            int length = Math.Min(2 + rng.Next(3), windows - at);
            var scene = frames.Evaluation(preset, length * window, seed + 1009 * (part + 1));
            foreach (var f in scene.Frames)
                list.Add(f with { Index = list.Count, TimestampMs = list.Count * 1000.0 / preset.Fps, Item = items + f.Item });
            items = list[^1].Item + 1;
            at += length;
        }
        return new FrameStream(StreamPreset.Static with { Name = kind }, seed, list);
    }
}
