using System.Drawing;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using WorkflowDsl.Application;
using WorkflowDsl.Application.Configuration;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Server;
using WorkflowDsl.Server.Storage;
using WorkflowDsl.Users;

namespace WorkflowDsl.Dashboard.Tests;

/// <summary>The browser tests share one server and one headless Chromium, and run one after another (2 cores).</summary>
[CollectionDefinition("browser", DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<DashboardWorld>;

/// <summary>The server as an application adds it (as in the server tests: Kestrel on 127.0.0.1 with a free port, its own
/// SQLite file, two workflows: it-invite with label "it", a schedule and a reminder loop; hr-invite with label "hr"),
/// a directory of u1..u5 (u1..u4 assigned C1, u2 completed it), and Debian's headless Chromium driven by chromedriver.</summary>
public sealed class DashboardWorld : IAsyncLifetime
{
    public const string AdminPassword = "First-Admin-Password-1";
    public const string NewPassword = "Changed-Password-2";
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverFolder = "/usr/bin";

    private WebApplication? _app;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "wfdsl-dashboard-tests", Guid.NewGuid().ToString("N"));

    public Uri Address { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;
    public ChromeDriver Browser { get; private set; } = null!;

    /// <summary>axe-core as the Selenium.Axe package ships it (run in the page directly: the package's own API is built
    /// against an older Selenium).</summary>
    private static readonly Lazy<string> AxeScript = new(() =>
    {
        using var stream = System.Reflection.Assembly.Load("Selenium.Axe").GetManifestResourceStream("Selenium.Axe.Resources.axe.min.js")
            ?? throw new InvalidOperationException("axe.min.js is not in the Selenium.Axe package");
        return new StreamReader(stream).ReadToEnd();
    });

    /// <summary>Where the screenshots go: docs/screenshots/ of the repository.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "docs", "screenshots");

    public static WorkflowPlan ItInvite() =>
        Workflow.Named("IT security invitation").ForContents("C1").Labels("it").TargetGroup(t => t.Assignees(Assignment.Mandatory))
            .Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email).WaitAndRepeat(3.Days(), times: 2)
            .Schedule("0 8 * * MON", "Europe/Helsinki").Build("it-invite");

    /// <summary>Everyone, scheduled: the safety-catch test's workflow (label "ops").</summary>
    public static WorkflowPlan SurgeInvite() =>
        Workflow.Named("Ops awareness invitation").ForContents("C1").Labels("ops").Invite(Channel.Email)
            .Schedule("0 9 * * *", "Europe/Helsinki").Build("surge-invite");

    public static WorkflowPlan HrInvite() =>
        Workflow.Named("HR onboarding invitation").ForContents("C1").Labels("hr").Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email).Build("hr-invite");

    public async Task InitializeAsync()
    {
        // Fail loudly, never skip silently: the browser tests need Debian's chromium and chromium-driver (.ci/install).
        if (!File.Exists(ChromiumPath) || !File.Exists(Path.Combine(DriverFolder, "chromedriver")))
            throw new InvalidOperationException($"The dashboard's browser tests need Chromium at {ChromiumPath} and chromedriver in {DriverFolder}: " +
                "install Debian's packages with 'apt-get install -y chromium chromium-driver' (bash .ci/install does).");

        Directory.CreateDirectory(_folder);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WorkflowDsl:Database:ConnectionString"] = Path.Combine(_folder, "workflows.db"),
            ["WorkflowDsl:Delivery:Email:FromAddress"] = "learning@example.com",
            ["WorkflowDsl:Delivery:Email:PickupFolder"] = Path.Combine(_folder, "email"),
            ["WorkflowDsl:Delivery:Sms:OutboxFile"] = Path.Combine(_folder, "sms.jsonl"),
            ["WorkflowDsl:Delivery:Push:OutboxFile"] = Path.Combine(_folder, "push.jsonl"),
            ["WorkflowDsl:Server:FirstAdministratorPassword"] = AdminPassword,
            ["WorkflowDsl:Server:Hangfire:RunServer"] = "false",
            ["WorkflowDsl:Server:SignInAttemptsPerMinute"] = "1000",
            // Any rise in first messages over the baseline holds a scheduled run (the safety-catch test).
            ["WorkflowDsl:SafetyMarginEmailPush"] = "0",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddWorkflowDsl(builder.Configuration, dsl => dsl.AddWorkflows([ItInvite(), HrInvite(), SurgeInvite()]));
        builder.Services.AddWorkflowDslServer(builder.Configuration);
        _app = builder.Build();
        _app.MapWorkflowDsl();
        await _app.StartAsync();
        string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address.TrimEnd('/') + "/");
        var imported = await Services.GetRequiredService<IWorkflowService>().ImportDirectoryAsync(Caller.System("test"), Organisation());
        Assert.True(imported.Succeeded, imported.Refusal?.ToString());

        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
            "--user-data-dir=" + Path.Combine(_folder, "chromium-profile"));
        var service = ChromeDriverService.CreateDefaultService(DriverFolder, "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        Browser = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Browser.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
        Browser.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(60);
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public static DirectoryData Organisation(int users = 5) => new()
    {
        Contents = [new Content { Id = "C1", Title = "Security basics", Link = "https://learn.example.com/c/C1" }],
        Users = Enumerable.Range(1, users).Select(i => new DirectoryUser { Id = $"u{i}", FirstName = $"User{i}", LastName = "Tester", Email = $"u{i}@example.com" }).ToList(),
        Assignments = Enumerable.Range(1, 4).Select(i => new ContentAssignment { UserId = $"u{i}", ContentId = "C1", Kind = Assignment.Mandatory }).ToList(),
        Completions = [new Completion { UserId = "u2", ContentId = "C1", CompletedAt = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc) }],
    };

    /// <summary>An administrator account made directly (password already their own).</summary>
    public async Task CreateAdministratorAsync(string userName, string password, string[] labels, Permission permissions)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdministratorAccount>>();
        if (await users.FindByNameAsync(userName) is not null) return;
        var result = await users.CreateAsync(new AdministratorAccount { UserName = userName, Labels = string.Join(' ', labels), Permissions = permissions }, password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    // ---- browser helpers ----

    public void Go(string path) => Browser.Navigate().GoToUrl(new Uri(Address, path.TrimStart('/')));

    /// <summary>Waits (explicitly, up to 15 s) for an element and returns it.</summary>
    public IWebElement Wait(By by)
    {
        var wait = new WebDriverWait(Browser, TimeSpan.FromSeconds(15));
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(d => d.FindElement(by) is { Displayed: true } e ? e : null)!;
    }

    /// <summary>Waits for the page whose main heading is <paramref name="heading"/> (after a click that navigates).</summary>
    public void WaitForHeading(string heading)
    {
        var wait = new WebDriverWait(Browser, TimeSpan.FromSeconds(15));
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        try
        {
            wait.Until(d => d.FindElement(By.TagName("h1")).Text.Contains(heading, StringComparison.Ordinal));
        }
        catch (WebDriverTimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"expected a page headed '{heading}' at {Browser.Url}, got:\n{Browser.FindElement(By.TagName("body")).Text}");
        }
    }

    public string Text(By by) => Wait(by).Text;

    public void Fill(string id, string value)
    {
        var input = Wait(By.Id(id));
        input.Clear();
        input.SendKeys(value);
    }

    /// <summary>Signs out (cookies cleared), then in with the sign-in form.</summary>
    public void SignIn(string userName, string password)
    {
        Browser.Manage().Cookies.DeleteAllCookies();
        Go("/account/sign-in");
        WaitForHeading("Sign in");
        Fill("userName", userName);
        Fill("password", password);
        Wait(By.Id("sign-in")).Click();
    }

    /// <summary>A full-page PNG of the current page in docs/screenshots/, after axe finds no serious or critical
    /// accessibility violation on it.</summary>
    public void Screenshot(string name)
    {
        var serious = SeriousAccessibilityViolations();
        Assert.True(serious.Length == 0, $"axe on {name} ({Browser.Url}):\n" + string.Join("\n", serious));
        long height = (long)Browser.ExecuteScript("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight);")!;
        Browser.Manage().Window.Size = new Size(1280, (int)Math.Clamp(height + 160, 600, 4000));
        Browser.GetScreenshot().SaveAsFile(Path.Combine(ScreenshotFolder, name + ".png"));
        Browser.Manage().Window.Size = new Size(1280, 1000);
    }

    /// <summary>axe-core's serious and critical violations on the current page.</summary>
    public string[] SeriousAccessibilityViolations()
    {
        Browser.ExecuteScript(AxeScript.Value);
        string found = (string)Browser.ExecuteAsyncScript("""
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] }).then(r => done(JSON.stringify(r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', ')))));
            """)!;
        return System.Text.Json.JsonSerializer.Deserialize<string[]>(found)!;
    }

    public async Task DisposeAsync()
    {
        Browser?.Quit();
        Browser?.Dispose();
        if (_app is not null)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _app.StopAsync(cts.Token);
            await _app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WorkflowDsl.sln"))) return dir.FullName;
        throw new InvalidOperationException("WorkflowDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
