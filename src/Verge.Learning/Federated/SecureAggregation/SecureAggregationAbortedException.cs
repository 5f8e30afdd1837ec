using Verge.Core.Errors;

namespace Verge.Learning.Federated.SecureAggregation;

/// <summary>
/// A secure-aggregation round that cannot finish (too few clients left to reach the threshold, a share that does not
/// decrypt): the round ends without an aggregate and the message says why on one line.
/// </summary>
public sealed class SecureAggregationAbortedException(string message) : VergeException(message);
