using System.Security.Cryptography;

namespace Verge.Net.Stages;

/// <summary>
/// Stage ids no other peer can guess (issue 17): a readable name for logs, then 128 random bits (22 base64url
/// characters, RFC 4648 §5). Reloading the same <see cref="StageModel"/> keeps its id, so a reconnecting device
/// replaces its own stage instead of adding one.
/// </summary>
public static class StageIds
{
    public static string Unguessable(string readable) =>
        readable + "." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
