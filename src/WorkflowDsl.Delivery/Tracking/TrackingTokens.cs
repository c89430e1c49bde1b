using System.Buffers.Binary;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

// TrackingKind moved to the WorkflowDsl assembly (the storage layer stores it); code built against this
// assembly finds it there.
[assembly: TypeForwardedTo(typeof(WorkflowDsl.Delivery.Tracking.TrackingKind))]

namespace WorkflowDsl.Delivery.Tracking;

/// <summary>The signed content of a tracking token.</summary>
/// <param name="Kind">Open, click or unsubscribe.</param>
/// <param name="MessageId">The message the token was issued for.</param>
/// <param name="UserId">The recipient's user id.</param>
/// <param name="Url">Clicks only: the link's target, the only place the redirect may go.</param>
public sealed record TrackingPayload(TrackingKind Kind, string MessageId, string UserId, string? Url = null);

/// <summary>Issues and verifies tracking tokens: the payload and an HMAC-SHA256 over it, in URL-safe
/// base64. Without the key a token cannot be forged, altered or guessed; verification compares MACs in
/// constant time. Thread-safe.</summary>
public sealed class TrackingTokens
{
    /// <summary>Shortest accepted signing key, in bytes.</summary>
    public const int MinKeyBytes = 32;
    /// <summary>Longest token accepted for verification, in characters.</summary>
    public const int MaxTokenLength = 4096;

    private const byte Version = 1;
    private const int MacBytes = 32;
    private readonly byte[] _key;

    /// <summary>Creates the issuer with a secret key of at least <see cref="MinKeyBytes"/> bytes.</summary>
    /// <exception cref="ArgumentException">The key is too short.</exception>
    public TrackingTokens(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinKeyBytes)
            throw new ArgumentException($"The tracking signing key has {key.Length} bytes: use at least {MinKeyBytes} random bytes (base64 in Tracking:SigningKey).", nameof(key));
        _key = (byte[])key.Clone();
    }

    /// <summary>A token for <paramref name="payload"/>.</summary>
    public string Issue(TrackingPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Kind == TrackingKind.Click && string.IsNullOrEmpty(payload.Url))
            throw new ArgumentException("A click token needs the target URL.", nameof(payload));
        var body = new List<byte> { Version, (byte)payload.Kind };
        Append(body, payload.MessageId);
        Append(body, payload.UserId);
        Append(body, payload.Url ?? "");
        byte[] bytes = new byte[body.Count + MacBytes];
        body.CopyTo(bytes);
        HMACSHA256.HashData(_key, bytes.AsSpan(0, body.Count), bytes.AsSpan(body.Count));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Verifies <paramref name="token"/>: true with its payload when it was issued with this key
    /// and is unaltered; false for anything else (malformed, tampered, guessed, too long).</summary>
    public bool TryVerify(string? token, out TrackingPayload? payload)
    {
        payload = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength) return false;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return false;
        }
        if (bytes.Length < 2 + 3 * 2 + MacBytes) return false;
        int bodyLength = bytes.Length - MacBytes;
        Span<byte> expected = stackalloc byte[MacBytes];
        HMACSHA256.HashData(_key, bytes.AsSpan(0, bodyLength), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(bodyLength))) return false;
        // Signed by us from here on; parse defensively all the same.
        if (bytes[0] != Version || !Enum.IsDefined((TrackingKind)bytes[1])) return false;
        int at = 2;
        if (!Read(bytes, bodyLength, ref at, out string messageId) || !Read(bytes, bodyLength, ref at, out string userId) ||
            !Read(bytes, bodyLength, ref at, out string url) || at != bodyLength) return false;
        payload = new TrackingPayload((TrackingKind)bytes[1], messageId, userId, url.Length == 0 ? null : url);
        return true;
    }

    private static void Append(List<byte> body, string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        if (utf8.Length > ushort.MaxValue) throw new ArgumentException("A tracking token field is longer than 65535 bytes.");
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)utf8.Length);
        body.AddRange(length);
        body.AddRange(utf8);
    }

    private static bool Read(byte[] bytes, int end, ref int at, out string value)
    {
        value = "";
        if (at + 2 > end) return false;
        int length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at));
        at += 2;
        if (at + length > end) return false;
        value = Encoding.UTF8.GetString(bytes, at, length);
        at += length;
        return true;
    }
}
