using Verge.Net.Links;
using Verge.Net.Wire;

namespace Verge.Net.Stages;

/// <summary>Where a node sends a stage's outputs: the next node, its stage, the link to it and the codec on that link.</summary>
public sealed record NextHopSpec(string Url, string StageId, LinkParameters Link, TensorEncoding Encoding);
