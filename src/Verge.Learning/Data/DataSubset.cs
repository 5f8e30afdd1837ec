using System.Globalization;
using System.Text.RegularExpressions;
using Verge.Core.Errors;

namespace Verge.Learning.Data;

/// <summary>
/// A named slice of a data set, written <c>fashion-mnist:SPLIT[START:END]</c>: SPLIT is <c>train</c> (the 60 000
/// images <c>verge train</c> learns from, in file order, so <c>--limit 1000</c> trains on <c>train[0:1000]</c>) or
/// <c>test</c> (the 10 000 images <c>verge eval</c> scores); START and END are image indices, END exclusive, either may
/// be left out as in Python (<c>train[:1000]</c>, <c>test[5000:]</c>), and the whole bracket too (the whole split).
/// </summary>
public sealed partial record DataSubset(string Split, int Start, int? End)
{
    public const string Dataset = "fashion-mnist";
    public const string Form = "fashion-mnist:train[0:1000] or fashion-mnist:test[0:1000]";

    [GeneratedRegex(@"^fashion-mnist:(train|test)(?:\[(\d*):(\d*)\])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Parses <paramref name="text"/>; <paramref name="flag"/> names the option in the error.</summary>
    public static DataSubset Parse(string text, string flag)
    {
        var m = Pattern().Match(text.Trim());
        if (!m.Success)
            throw new UsageException($"{flag} '{text}' is not a data subset; write {Form} (END exclusive)");
        int start = m.Groups[2].Value.Length == 0 ? 0 : ParseIndex(m.Groups[2].Value, text, flag);
        int? end = m.Groups[3].Value.Length == 0 ? null : ParseIndex(m.Groups[3].Value, text, flag);
        if (end is { } e && e <= start)
            throw new UsageException($"{flag} '{text}' is empty (END {e} ≤ START {start}); give START < END, e.g. {Form}");
        return new DataSubset(m.Groups[1].Value, start, end);
    }

    private static int ParseIndex(string digits, string text, string flag) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int v)
            ? v : throw new UsageException($"{flag} '{text}' has an index too large; give indices below 2^31");

    /// <summary>The image indices this subset names in a split of <paramref name="splitCount"/> images.</summary>
    public int[] Indices(int splitCount)
    {
        int end = End ?? splitCount;
        if (end > splitCount || Start >= splitCount)
            throw new InputException($"{this} reaches past the {splitCount} images of the {Split} split; keep END ≤ {splitCount}");
        return Enumerable.Range(Start, end - Start).ToArray();
    }

    /// <summary>Whether the two subsets share an image (same split, overlapping ranges).</summary>
    public bool Overlaps(DataSubset other) =>
        Split == other.Split && Start < (other.End ?? int.MaxValue) && other.Start < (End ?? int.MaxValue);

    public override string ToString() => $"{Dataset}:{Split}[{Start}:{End?.ToString(CultureInfo.InvariantCulture)}]";
}
