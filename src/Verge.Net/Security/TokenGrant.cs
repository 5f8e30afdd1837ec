namespace Verge.Net.Security;

/// <summary>
/// The caller a valid token names: a stable <see cref="Identity"/> (derived from the token's hash, never the token
/// itself, so it can be logged and used as an owner) and its role.
/// </summary>
public sealed record TokenGrant(string Identity, TokenRole Role)
{
    /// <summary>Anyone, when a server runs without a token file (loopback or --insecure).</summary>
    public static readonly TokenGrant Anonymous = new("anonymous", TokenRole.Admin);

    public bool Allows(TokenRole needed) => Role >= needed;
}
