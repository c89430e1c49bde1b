using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowDsl.Application;
using WorkflowDsl.Server.Storage;

namespace WorkflowDsl.Server.Hosting;

/// <summary>Creates the first administrator when no account exists: a super-administrator with a random
/// one-time password, which is written once to the console (never to the logs) and must be changed at first sign-in.</summary>
internal static class FirstAdministrator
{
    /// <summary>The one-time password, or null when accounts already existed.</summary>
    public static async Task<string?> EnsureAsync(IServiceProvider services, string userName, string? configuredPassword, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdministratorAccount>>();
        if (await users.Users.AnyAsync(cancellationToken)) return null;
        // 18 random bytes in URL-safe base64 plus a digit and punctuation, so the default password rules hold.
        string password = !string.IsNullOrEmpty(configuredPassword) ? configuredPassword : Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y') + "7!";
        var account = new AdministratorAccount { UserName = userName, IsSuperAdministrator = true, Permissions = Permission.All, MustChangePassword = true };
        var result = await users.CreateAsync(account, password);
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not create the first administrator '{userName}': {string.Join(" ", result.Errors.Select(e => e.Description))}");
        return password;
    }
}
