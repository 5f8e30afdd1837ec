using Microsoft.AspNetCore.Builder;

namespace Verge.Net.Security;

/// <summary>Marks a minimal-API endpoint (or a group) with the role <see cref="BearerAuthentication"/> demands of its callers.</summary>
public static class EndpointRoles
{
    /// <summary>e.g. <c>app.MapPost("/v2/repository/models/{name}/load", …).RequireRole(TokenRole.Admin)</c>.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, TokenRole role) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresRoleAttribute(role));
}
