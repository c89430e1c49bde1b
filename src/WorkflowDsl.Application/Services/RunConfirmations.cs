using System.Security.Cryptography;
using System.Text;

namespace WorkflowDsl.Application.Services;

/// <summary>Signs and checks the confirmation tokens of manual runs: a token names the workflow, the
/// caller it was issued to and when it expires, signed with HMAC-SHA256, so it cannot be forged, reused
/// for another workflow or by another caller, or used after it expires.</summary>
internal sealed class RunConfirmations(byte[] key, TimeProvider time, TimeSpan lifetime)
{
    public (string Token, DateTimeOffset ExpiresAt) Issue(string workflowId, string caller)
    {
        var expires = time.GetUtcNow() + lifetime;
        string payload = string.Join('\n', workflowId, caller, expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        byte[] body = Encoding.UTF8.GetBytes(payload);
        return (Base64Url(body) + "." + Base64Url(HMACSHA256.HashData(key, body)), DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>Null when the token is good for this workflow and caller now; else why not.</summary>
    public string? Check(string? token, string workflowId, string caller)
    {
        if (string.IsNullOrWhiteSpace(token)) return "no confirmation token was given: prepare the run first (it returns the token with the counts), then start it with that token.";
        int dot = token.IndexOf('.');
        byte[]? body = dot > 0 ? FromBase64Url(token[..dot]) : null;
        byte[]? signature = dot > 0 ? FromBase64Url(token[(dot + 1)..]) : null;
        if (body is null || signature is null || !CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, body), signature))
            return "the confirmation token is not one this server issued (damaged or forged): prepare the run again.";
        string[] parts = Encoding.UTF8.GetString(body).Split('\n');
        if (parts.Length != 3 || !long.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long expires))
            return "the confirmation token is not one this server issued: prepare the run again.";
        if (parts[0] != workflowId) return $"the confirmation token was issued for workflow '{parts[0]}', not '{workflowId}': prepare this workflow's run.";
        if (parts[1] != caller) return "the confirmation token was issued to another administrator: prepare the run yourself.";
        if (time.GetUtcNow().ToUnixTimeSeconds() > expires)
            return $"the confirmation token expired at {DateTimeOffset.FromUnixTimeSeconds(expires):yyyy-MM-dd HH:mm:ss} UTC: prepare the run again to see the current counts.";
        return null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        string padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        try { return Convert.FromBase64String(padded); }
        catch (FormatException) { return null; }
    }
}
