using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Verge.Core.Spec;

/// <summary>
/// Passes a YAML parser's events through while counting how deep mappings and lists are open, and stops at
/// <paramref name="maxDepth"/>: the tree builder that reads these events recurses once per level, so the limit is
/// checked before the recursion goes deep rather than after the stack has overflowed.
/// </summary>
internal sealed class DepthLimitedParser(IParser inner, int maxDepth) : IParser
{
    private int depth;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext()) return false;
        switch (inner.Current)
        {
            case MappingStart or SequenceStart when ++depth > maxDepth:
                throw new TooDeepException(inner.Current.Start.Line);
            case MappingEnd or SequenceEnd:
                depth--;
                break;
        }
        return true;
    }

    /// <summary>The document nests deeper than allowed; <see cref="Line"/> is where the level too many opens.</summary>
    public sealed class TooDeepException(long line) : Exception($"YAML nested too deep at line {line}")
    {
        public long Line { get; } = line;
    }
}
