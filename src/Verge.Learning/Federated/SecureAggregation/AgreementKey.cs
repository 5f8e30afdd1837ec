using System.Security.Cryptography;
using System.Text;

namespace Verge.Learning.Federated.SecureAggregation;

/// <summary>
/// One ECDH key pair on NIST P-256 (.NET's own <see cref="ECDiffieHellman"/>), as the protocol uses two per client
/// and round: one to encrypt the shares sent through the server, one to agree on pairwise masks (Bonawitz et al.,
/// CCS 2017, §4, "KA"). Public keys travel as the 64 raw bytes X‖Y; an agreed secret is expanded by HKDF-SHA256
/// with a purpose label into a 32-byte key.
/// </summary>
public sealed class AgreementKey : IDisposable
{
    public const int PublicKeyBytes = 64;
    private static readonly ECCurve Curve = ECCurve.NamedCurves.nistP256;
    private readonly ECDiffieHellman _key;

    private AgreementKey(ECDiffieHellman key)
    {
        _key = key;
        var p = key.ExportParameters(includePrivateParameters: false);
        PublicKey = [.. p.Q.X!, .. p.Q.Y!];
    }

    public byte[] PublicKey { get; }

    public static AgreementKey Create() => new(ECDiffieHellman.Create(Curve));

    /// <summary>A key pair rebuilt from its private scalar (as the server does for a client that dropped).</summary>
    public static AgreementKey FromPrivate(ReadOnlySpan<byte> privateScalar, ReadOnlySpan<byte> publicKey) =>
        new(ECDiffieHellman.Create(new ECParameters { Curve = Curve, D = privateScalar.ToArray(), Q = Point(publicKey) }));

    /// <summary>The private scalar d (32 bytes): what the client secret-shares so that its masks can be removed if it drops.</summary>
    public byte[] PrivateScalar() => _key.ExportParameters(includePrivateParameters: true).D!;

    /// <summary>HKDF(ECDH(this, other), info = purpose): 32 bytes both sides compute alike; throws on an invalid point.</summary>
    public byte[] Agree(ReadOnlySpan<byte> otherPublicKey, string purpose)
    {
        using var other = ECDiffieHellman.Create(new ECParameters { Curve = Curve, Q = Point(otherPublicKey) });
        var secret = _key.DeriveRawSecretAgreement(other.PublicKey);
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: Encoding.ASCII.GetBytes(purpose));
    }

    public void Dispose() => _key.Dispose();

    private static ECPoint Point(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeyBytes) throw new CryptographicException($"a P-256 public key has {PublicKeyBytes} bytes, not {publicKey.Length}");
        return new ECPoint { X = publicKey[..32].ToArray(), Y = publicKey[32..].ToArray() };
    }
}
