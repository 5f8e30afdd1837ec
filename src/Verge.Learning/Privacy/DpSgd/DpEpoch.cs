using Verge.Learning.Privacy.Accounting;
using Verge.Learning.Training;

namespace Verge.Learning.Privacy.DpSgd;

/// <summary>One epoch of DP-SGD: the usual figures, the steps taken so far, and the privacy spent by them.</summary>
public sealed record DpEpoch(EpochResult Result, long Steps, PrivacySpent Spent);
