namespace Verge.Net.Security;

/// <summary>
/// The role an RPC or endpoint needs; read from the endpoint's metadata by <see cref="BearerAuthentication"/>.
/// Without it an endpoint needs <see cref="TokenRole.Infer"/>; with ASP.NET Core's <c>AllowAnonymous</c> it needs none.
/// Put it on a gRPC service's override, or add it to a minimal-API endpoint with <c>.WithMetadata(...)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = true)]
public sealed class RequiresRoleAttribute(TokenRole role) : Attribute
{
    public TokenRole Role { get; } = role;
}
