using System.Security.Cryptography;
using System.Text;

namespace Verge.Net.Federated;

/// <summary>
/// Which client ids have joined, each with the unguessable session Join handed out and the token identity that
/// joined it (issue 17): a poll or update must present its id's session, so a peer cannot poll for, or submit as,
/// another client by naming its id. The identity that first joined an id keeps it; the same identity may join again
/// (a restarted client gets a fresh session). On a server without tokens every caller is the same identity, and the
/// session alone tells clients apart.
/// </summary>
internal sealed class ClientSessions(int maxClients)
{
    private readonly Dictionary<int, (byte[] Session, string Identity)> _joined = [];
    private readonly Lock _gate = new();

    /// <summary>Outcomes of <see cref="Join"/>.</summary>
    public enum JoinRefusal
    {
        None,
        BadId,
        Taken,
        Full,
    }

    public JoinRefusal Join(int clientId, string identity, out string session)
    {
        session = "";
        if (clientId < 0) return JoinRefusal.BadId;
        var bytes = RandomNumberGenerator.GetBytes(16);
        lock (_gate)
        {
            if (_joined.TryGetValue(clientId, out var held))
            {
                if (held.Identity != identity) return JoinRefusal.Taken;
            }
            else if (_joined.Count >= maxClients) return JoinRefusal.Full;
            _joined[clientId] = (bytes, identity);
        }
        session = Convert.ToHexStringLower(bytes);
        return JoinRefusal.None;
    }

    /// <summary>Whether <paramref name="session"/> is the one <paramref name="clientId"/> joined with (compared in constant time).</summary>
    public bool Holds(int clientId, string session)
    {
        byte[] presented;
        try
        {
            presented = Convert.FromHexString(session);
        }
        catch (FormatException)
        {
            presented = Encoding.UTF8.GetBytes(session);
        }
        lock (_gate)
            return _joined.TryGetValue(clientId, out var held) && CryptographicOperations.FixedTimeEquals(held.Session, presented);
    }
}
