using System.Security.Cryptography;
using System.Text;
using Verge.Core.Errors;

namespace Verge.Net.Security;

/// <summary>
/// The tokens a server accepts, read from a file with one <c>TOKEN ROLE</c> per line (<c>#</c> starts a comment).
/// Only SHA-256 hashes are kept, and a lookup compares the presented token's hash with every entry in constant
/// time, so neither the answer's timing nor a heap dump gives a token away.
/// </summary>
public sealed class TokenTable
{
    /// <summary>Shorter tokens are guessable; `openssl rand -hex 16` gives 32 characters.</summary>
    public const int MinTokenLength = 16;

    private readonly (byte[] Hash, TokenGrant Grant)[] _entries;

    private TokenTable((byte[] Hash, TokenGrant Grant)[] entries) => _entries = entries;

    public int Count => _entries.Length;

    public static TokenTable Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read tokens file '{path}': {e.Message.TrimEnd('.')}; give a readable file with one 'TOKEN ROLE' per line");
        }
        return Parse(lines, path);
    }

    public static TokenTable Parse(IEnumerable<string> lines, string source = "tokens")
    {
        var entries = new List<(byte[], TokenGrant)>();
        int n = 0;
        foreach (var raw in lines)
        {
            n++;
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0) continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !TryRole(parts[1], out var role))
                throw new InputException($"{source} line {n}: expected 'TOKEN ROLE' with ROLE infer or admin; fix the line");
            if (parts[0].Length < MinTokenLength)
                throw new InputException($"{source} line {n}: token shorter than {MinTokenLength} characters; use a random one (openssl rand -hex 16)");
            var hash = Hash(parts[0]);
            entries.Add((hash, new TokenGrant(IdentityOf(hash), role)));
        }
        if (entries.Count == 0)
            throw new InputException($"{source} holds no tokens; add one 'TOKEN ROLE' line (roles: infer, admin)");
        return new TokenTable([.. entries]);
    }

    /// <summary>The grant of <paramref name="token"/>, or null; looks at every entry whatever matches.</summary>
    public TokenGrant? Find(string token)
    {
        var hash = Hash(token);
        TokenGrant? found = null;
        foreach (var (h, grant) in _entries)
            if (CryptographicOperations.FixedTimeEquals(h, hash))
                found = grant;
        return found;
    }

    /// <summary>The identity a server gives <paramref name="token"/> (never the token: a prefix of its SHA-256), e.g. to name a stage's callers.</summary>
    public static string IdentityOf(string token) => IdentityOf(Hash(token));

    private static string IdentityOf(byte[] hash) => "token-" + Convert.ToHexStringLower(hash, 0, 6);

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static bool TryRole(string name, out TokenRole role)
    {
        role = name.ToLowerInvariant() switch { "infer" => TokenRole.Infer, "admin" => TokenRole.Admin, _ => 0 };
        return role != 0;
    }
}
