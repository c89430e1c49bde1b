using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkflowDsl.Server.Storage;

namespace WorkflowDsl.Server.Security;

/// <summary>API keys: <c>wfk_{id}_{secret}</c>, where only the SHA-256 of the secret is stored. The id
/// finds the row; the secret is compared in constant time. A key acts for its administrator with the
/// administrator's current labels and permissions, until it is revoked.</summary>
public sealed class ApiKeyService(ServerDatabase database, TimeProvider time)
{
    private const string Prefix = "wfk_";

    /// <summary>A new key for <paramref name="accountId"/>: the returned text is the only copy of the secret.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string accountId, string name, CancellationToken cancellationToken = default)
    {
        string id = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        string secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        var key = new ApiKey { Id = id, AccountId = accountId, Name = name, SecretHash = Hash(secret), CreatedAt = time.GetUtcNow().UtcDateTime };
        await using var db = database.CreateContext();
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return (key, Prefix + id + "_" + secret);
    }

    /// <summary>Revokes a key of <paramref name="accountId"/>; false if there is no such key.</summary>
    public async Task<bool> RevokeAsync(string accountId, string id, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var now = time.GetUtcNow().UtcDateTime;
        return await db.ApiKeys.Where(k => k.Id == id && k.AccountId == accountId && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken) == 1;
    }

    /// <summary>The keys of an account (never their secrets).</summary>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.ApiKeys.AsNoTracking().Where(k => k.AccountId == accountId).OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>The account a presented key acts for, or null when the key is malformed, unknown, wrong or revoked.</summary>
    public async Task<AdministratorAccount?> FindAccountAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        string[] parts = presented[Prefix.Length..].Split('_');
        if (parts.Length != 2 || parts[0].Length != 16 || parts[1].Length != 64) return null;
        await using var db = database.CreateContext();
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == parts[0], cancellationToken);
        if (key is null || key.RevokedAt is not null) return null;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(parts[1])), Encoding.ASCII.GetBytes(key.SecretHash))) return null;
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == key.AccountId, cancellationToken);
    }

    /// <summary>The key's id, for rate limiting, without checking it.</summary>
    internal static string? IdOf(string? presented) =>
        presented is not null && presented.StartsWith(Prefix, StringComparison.Ordinal) && presented.Length > Prefix.Length + 16 ? presented.Substring(Prefix.Length, 16) : null;

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret))).ToLowerInvariant();
}

/// <summary>Authenticates <c>Authorization: ApiKey wfk_...</c> (or <c>X-Api-Key</c>) requests.</summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>The presented key, or null.</summary>
    public static string? Presented(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (header is not null && header.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase)) return header[(SchemeName.Length + 1)..].Trim();
        string? custom = request.Headers["X-Api-Key"];
        return string.IsNullOrWhiteSpace(custom) ? null : custom.Trim();
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? presented = Presented(Request);
        if (presented is null) return AuthenticateResult.NoResult();
        var account = await keys.FindAccountAsync(presented, Context.RequestAborted);
        // Never log the key: the failure names only what is wrong with it.
        if (account is null) return AuthenticateResult.Fail("The API key is unknown, malformed or revoked: create a new one.");
        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, account.Id));
        identity.AddClaim(new Claim(ClaimTypes.Name, account.UserName ?? account.Id));
        identity.AddClaims(WorkflowDslClaims.For(account).Where(c => c.Type != WorkflowDslClaims.MustChangePassword));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
