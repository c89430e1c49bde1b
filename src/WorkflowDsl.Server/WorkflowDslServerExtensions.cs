using System.Threading.RateLimiting;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using WorkflowDsl.Application.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WorkflowDsl.Application;
using WorkflowDsl.Application.Services;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Server.Api;
using WorkflowDsl.Server.Dashboard;
using WorkflowDsl.Server.Hosting;
using WorkflowDsl.Server.Scheduling;
using WorkflowDsl.Server.Security;
using WorkflowDsl.Server.Storage;

namespace WorkflowDsl.Server;

/// <summary>Adds the WorkflowDsl server to an ASP.NET Core application: <see cref="AddWorkflowDslServer"/>
/// registers, <see cref="MapWorkflowDsl"/> exposes. Call <c>AddWorkflowDsl</c> first.</summary>
public static class WorkflowDslServerExtensions
{
    /// <summary>The authentication scheme of the server's endpoints: an API key when the request has one, else the sign-in cookie.</summary>
    public const string Scheme = "WorkflowDsl";

    /// <summary>Registers the server: options (section <c>WorkflowDsl:Server</c>, validated at start-up),
    /// accounts (ASP.NET Core Identity on the workflows' database), API keys, OpenID Connect when configured,
    /// the authorization policies, the audit log, Hangfire (scheduled runs, the outbox dispatcher), health
    /// checks, metrics, OpenAPI and problem details.</summary>
    public static IServiceCollection AddWorkflowDslServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>());
        services.AddSingleton(new SettingsSection(ServerOptions.Section, typeof(ServerOptions)));
        var settings = configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();

        services.TryAddSingleton(sp => new ServerDatabase(sp.GetRequiredService<WorkflowDatabase>()));
        services.AddScoped<ServerDbContext>(sp => sp.GetRequiredService<ServerDatabase>().CreateContext());
        services.TryAddSingleton<ApiKeyService>();
        services.TryAddSingleton<AuditLog>();

        // The application service, audited and keeping Hangfire's jobs in line.
        services.Replace(ServiceDescriptor.Singleton<IWorkflowService>(sp => new AuditedWorkflowService(
            ActivatorUtilities.CreateInstance<WorkflowService>(sp), sp.GetRequiredService<ServerDatabase>(), sp.GetRequiredService<WorkflowDatabase>(),
            sp.GetRequiredService<WorkflowDsl.Dispatch.Dispatching.WorkflowCatalog>(), sp.GetRequiredService<ScheduleSynchronizer>(), sp.GetRequiredService<TimeProvider>())));

        // Accounts and sign-in.
        services.AddIdentityCore<AdministratorAccount>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.Password.RequiredLength = 12;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<ServerDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AdministratorClaimsFactory>()
            .AddDefaultTokenProviders();
        var authentication = services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "API key or sign-in cookie", o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.Presented(context.Request) is not null ? ApiKeyAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        authentication.AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "wfdsl.auth";
            o.Cookie.HttpOnly = true;
            // Strict: a cookie never rides on a request another site started, which is what protects the JSON API's
            // state-changing calls; the dashboard's forms carry antiforgery tokens besides.
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = "/account/sign-in";
            o.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
        });
        if (settings.OpenIdConnect.Enabled)
        {
            authentication.AddOpenIdConnect("oidc", "OpenID Connect", o =>
            {
                o.Authority = settings.OpenIdConnect.Authority;
                o.ClientId = settings.OpenIdConnect.ClientId;
                o.ClientSecret = settings.OpenIdConnect.ClientSecret;
                o.RequireHttpsMetadata = !settings.OpenIdConnect.AllowHttp;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.SignInScheme = IdentityConstants.ExternalScheme;
                o.SaveTokens = false;
            });
        }
        services.AddAuthorization(o => WorkflowDslPolicies.Add(o, Scheme));
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationHandler, WorkflowAccessHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(AccountApi.SignInLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.SignInAttemptsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                ApiKeyService.IdOf(ApiKeyAuthenticationHandler.Presented(context.Request)) is { } keyId
                    ? RateLimitPartition.GetFixedWindowLimiter(keyId, _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.ApiKeyRequestsPerMinute, Window = TimeSpan.FromMinutes(1) })
                    : RateLimitPartition.GetNoLimiter("no-key"));
        });

        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi("v1");
        services.AddAntiforgery();

        // Hangfire: runs the schedule and the dispatcher; our database stays the truth.
        services.AddHangfire((sp, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            var options = sp.GetRequiredService<IOptions<ServerOptions>>().Value.Hangfire;
            string connection = string.IsNullOrWhiteSpace(options.ConnectionString) ? sp.GetRequiredService<WorkflowDatabase>().ConnectionString : options.ConnectionString;
            switch (options.Storage)
            {
                case HangfireStorageKind.PostgreSql:
                    config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connection));
                    break;
                case HangfireStorageKind.SqlServer:
                    config.UseSqlServerStorage(connection);
                    break;
                default:
                    config.UseInMemoryStorage();
                    break;
            }
        });
        if (settings.Hangfire.RunServer)
            services.AddHangfireServer((sp, o) => o.WorkerCount = sp.GetRequiredService<IOptions<ServerOptions>>().Value.Hangfire.WorkerCount);
        services.TryAddSingleton<ScheduleSynchronizer>();
        services.TryAddTransient<WorkflowJobs>();
        services.AddHostedService<ServerStartup>();

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<HangfireHealthCheck>("hangfire");
        services.AddWorkflowDslDashboard();
        return services;
    }

    /// <summary>Maps the server's endpoints: <c>/api/v1</c>, <c>/openapi/v1.json</c>, <c>/health</c>
    /// (and <c>/metrics</c> when Prometheus is on). Every endpoint has an authorization policy or is
    /// explicitly anonymous (sign-in, health, the OpenAPI document).</summary>
    public static IEndpointRouteBuilder MapWorkflowDsl(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();

        var api = app.MapGroup("/api/v1");
        api.MapWorkflowsApi();
        api.MapDirectoryApi();
        api.MapAuditApi();
        api.MapAccountApi();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapWorkflowDslDashboard();
        return app;
    }

    private static Task Answer(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
    {
        public ValidateOptionsResult Validate(string? name, ServerOptions options)
        {
            var problems = options.Validate().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
