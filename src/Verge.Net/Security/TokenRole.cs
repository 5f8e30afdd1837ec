namespace Verge.Net.Security;

/// <summary>
/// What a bearer token may do. <see cref="Admin"/> includes <see cref="Infer"/>: admin loads models and stages,
/// infer runs them (and takes part in federated rounds).
/// </summary>
public enum TokenRole
{
    Infer = 1,
    Admin = 2,
}
