using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using WorkflowDsl.Application;

namespace WorkflowDsl.Dashboard.Tests;

/// <summary>The administrator's tasks in a real browser (headless Chromium), with a screenshot of every page.
/// Each test signs in with its own account, so they do not depend on their order.</summary>
[Collection("browser")]
public sealed class DashboardTests(DashboardWorld world)
{
    [Fact]
    public async Task The_first_administrator_signs_in_changes_the_password_finds_reads_previews_runs_and_schedules_a_workflow()
    {
        // Sign in with the one-time password: every page sends them to change it first.
        world.Go("/account/sign-in");
        world.WaitForHeading("Sign in");
        world.Screenshot("sign-in");
        world.SignIn("admin", "wrong-password-1");
        Assert.Contains("wrong", world.Text(By.Id("sign-in-problem")), StringComparison.Ordinal);
        world.SignIn("admin", DashboardWorld.AdminPassword);
        world.WaitForHeading("Change password");
        world.Go("/");
        world.WaitForHeading("Change password");
        Assert.Contains("one-time password", world.Text(By.Id("must-change")), StringComparison.Ordinal);
        world.Screenshot("change-password");
        world.Fill("currentPassword", DashboardWorld.AdminPassword);
        world.Fill("newPassword", DashboardWorld.NewPassword);
        world.Wait(By.Id("change-password")).Click();

        // The list: both workflows (a super-administrator sees every label); search narrows it.
        world.WaitForHeading("Workflows");
        string list = world.Text(By.Id("workflows"));
        Assert.Contains("IT security invitation", list, StringComparison.Ordinal);
        Assert.Contains("HR onboarding invitation", list, StringComparison.Ordinal);
        world.Screenshot("workflows");
        world.Fill("search", "security");
        world.Wait(By.Id("apply-filters")).Click();
        world.Wait(By.XPath("//table[@id='workflows']//td[contains(., 'it-invite')]"));
        Assert.DoesNotContain("HR onboarding", world.Text(By.Id("workflows")), StringComparison.Ordinal);
        Assert.Contains("search=security", world.Browser.Url, StringComparison.Ordinal);

        // The workflow: diagram and the same steps as text, schedule with next fire times.
        world.Wait(By.LinkText("IT security invitation")).Click();
        world.WaitForHeading("IT security invitation");
        var diagram = world.Wait(By.Id("diagram"));
        Assert.Contains("Message to the user", diagram.Text, StringComparison.Ordinal);
        Assert.Contains("Wait 1 week", diagram.Text, StringComparison.Ordinal);
        Assert.Contains("repeat ×2", diagram.Text, StringComparison.Ordinal);
        Assert.Single(world.Browser.FindElements(By.CssSelector("#diagram path.loop")));
        var steps = world.Browser.FindElements(By.CssSelector("#steps li")).Select(li => li.Text).ToList();
        Assert.Equal(4, steps.Count);
        Assert.Contains("Message to the user by Email, template", steps[0], StringComparison.Ordinal);
        Assert.Contains("Wait 3 days, then send the previous message again; 2 time(s)", steps[3], StringComparison.Ordinal);
        Assert.Equal(5, world.Browser.FindElements(By.CssSelector("#next-fire-times tbody tr")).Count);
        Assert.Equal("3", world.Text(By.Id("targets")));
        world.Screenshot("workflow");

        // The target group: u1, u3, u4 in; u2 excluded by the completion condition, with the reason.
        world.Wait(By.LinkText("Target group")).Click();
        world.WaitForHeading("Target group of IT security invitation");
        Assert.Contains("3", world.Text(By.Id("included")), StringComparison.Ordinal);
        string people = world.Text(By.Id("people"));
        Assert.Contains("u1", people, StringComparison.Ordinal);
        Assert.DoesNotContain("u2@", people, StringComparison.Ordinal);
        world.Screenshot("target-group");
        Assert.Contains("Assignment", world.Text(By.Id("conditions")), StringComparison.Ordinal);
        world.Wait(By.XPath("//table[@id='conditions']//tr[td[.='Completion']]//a")).Click();
        world.Wait(By.XPath("//h2[starts-with(., 'People excluded by')]"));
        string excluded = world.Text(By.Id("people"));
        Assert.Contains("u2", excluded, StringComparison.Ordinal);
        Assert.DoesNotContain("u5", excluded, StringComparison.Ordinal);
        world.Screenshot("target-group-excluded");

        // Results before the run: nothing yet.
        world.Go("/workflows/it-invite/results");
        world.WaitForHeading("Results of IT security invitation");
        Assert.Contains("No runs yet", world.Text(By.Id("runs")), StringComparison.Ordinal);

        // Run now: the counts first, then Confirm; the outcome shows on the workflow page.
        world.Go("/workflows/it-invite");
        world.WaitForHeading("IT security invitation");
        world.Wait(By.Id("run-now")).Click();
        world.WaitForHeading("Run it-invite now?");
        Assert.Equal("3", world.Text(By.Id("count-targets")));
        Assert.Equal("3", world.Text(By.Id("count-messaged")));
        Assert.Equal("3", world.Text(By.Id("count-first-email-push")));
        Assert.Equal("0", world.Text(By.Id("count-first-sms")));
        world.Screenshot("run-confirm");
        world.Wait(By.Id("confirm-run")).Click();
        world.WaitForHeading("IT security invitation");
        Assert.Contains("Run finished (Completed): 3 targets", world.Text(By.Id("flash")), StringComparison.Ordinal);
        world.Screenshot("workflow-after-run");

        // Results changed: the run is in the history, its three invitations are pending, then delivered.
        world.Wait(By.LinkText("Results")).Click();
        world.WaitForHeading("Results of IT security invitation");
        Assert.Equal("3", world.Text(By.Id("targeted")));
        Assert.Contains("admin", world.Text(By.Id("runs")), StringComparison.Ordinal);
        Assert.Contains("invite", world.Text(By.Id("by-step")), StringComparison.Ordinal);
        var delivered = await world.Services.GetRequiredService<IWorkflowService>().DeliverOutboxAsync(Caller.System("test"));
        Assert.True(delivered.Succeeded, delivered.Refusal?.ToString());
        world.Browser.Navigate().Refresh();
        world.WaitForHeading("Results of IT security invitation");
        Assert.Contains("Email 3 0 0 0", world.Text(By.Id("by-channel")), StringComparison.Ordinal);
        world.Screenshot("results");
        world.Wait(By.LinkText("Messages of this run")).Click();
        world.WaitForHeading("Messages of run");
        Assert.Equal(3, world.Browser.FindElements(By.CssSelector("#messages tbody tr")).Count);
        world.Screenshot("run-messages");

        // Scheduling on, then off again.
        world.Go("/workflows/it-invite");
        world.WaitForHeading("IT security invitation");
        Assert.Equal("Off", world.Text(By.Id("scheduling")));
        world.Wait(By.Id("scheduling-switch")).Click();
        world.Wait(By.Id("flash"));
        Assert.Equal("On", world.Text(By.Id("scheduling")));
        Assert.Contains("Scheduling is now On", world.Text(By.Id("flash")), StringComparison.Ordinal);
        world.Wait(By.Id("scheduling-switch")).Click();
        world.Wait(By.XPath("//div[@id='flash'][contains(., 'now Off')]"));
        Assert.Equal("Off", world.Text(By.Id("scheduling")));

        // The audit log has the run and both switches.
        world.Go("/audit");
        world.WaitForHeading("Audit log");
        string audit = world.Text(By.Id("audit"));
        Assert.Contains("run.start", audit, StringComparison.Ordinal);
        Assert.Contains("scheduling.on", audit, StringComparison.Ordinal);
        Assert.Contains("scheduling.off", audit, StringComparison.Ordinal);
        world.Screenshot("audit");
    }

    [Fact]
    public async Task An_administrator_without_the_workflows_label_neither_sees_it_in_the_list_nor_reaches_its_address()
    {
        await world.CreateAdministratorAsync("hr-admin", DashboardWorld.NewPassword, ["hr"], Permission.All);
        world.SignIn("hr-admin", DashboardWorld.NewPassword);
        world.WaitForHeading("Workflows");
        string list = world.Text(By.Id("workflows"));
        Assert.Contains("HR onboarding invitation", list, StringComparison.Ordinal);
        Assert.DoesNotContain("IT security", list, StringComparison.Ordinal);

        foreach (string path in new[] { "/workflows/it-invite", "/workflows/it-invite/target-group", "/workflows/it-invite/results", "/workflows/no-such-workflow" })
        {
            world.Go(path);
            world.WaitForHeading("Not found");
            Assert.Contains("does not exist (or you do not hold any of its labels)", world.Text(By.CssSelector("main .problem")), StringComparison.Ordinal);
        }
        world.Screenshot("not-found");
    }

    [Fact]
    public async Task A_csv_import_with_a_bad_row_names_the_file_and_line_and_imports_nothing()
    {
        await world.CreateAdministratorAsync("importer", DashboardWorld.NewPassword, ["it"], Permission.View | Permission.Import);
        world.SignIn("importer", DashboardWorld.NewPassword);
        world.WaitForHeading("Workflows");
        world.Wait(By.LinkText("Directory import")).Click();
        world.WaitForHeading("Directory import");
        world.Screenshot("directory-import");

        string folder = Path.Combine(Path.GetTempPath(), "wfdsl-dashboard-csv-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, "users.csv");
        await File.WriteAllTextAsync(file, "id,first_name,email\nu9,Nina,nina@example.com\nu10,Olli,not-an-email\n");
        world.Wait(By.Id("files")).SendKeys(file);
        world.Wait(By.Id("import")).Click();
        string problems = world.Text(By.Id("import-problems"));
        Assert.Contains("users.csv:3", problems, StringComparison.Ordinal);
        Assert.Contains("email", problems, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", world.Text(By.Id("import-problem")), StringComparison.Ordinal);
        world.Screenshot("directory-import-errors");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Bad_input_gets_a_page_that_says_what_is_wrong()
    {
        await world.CreateAdministratorAsync("viewer", DashboardWorld.NewPassword, ["it"], Permission.View | Permission.Schedule);
        world.SignIn("viewer", DashboardWorld.NewPassword);
        world.WaitForHeading("Workflows");

        // A value that does not read as a status.
        world.Go("/?status=Sleeping");
        world.WaitForHeading("Invalid input");
        Assert.Contains("Sleeping", world.Text(By.CssSelector("main .problem")), StringComparison.Ordinal);
        world.Screenshot("invalid-input");

        // A form whose antiforgery token was tampered with.
        world.Go("/workflows/it-invite");
        world.WaitForHeading("IT security invitation");
        world.Browser.ExecuteScript("document.querySelectorAll('input[name=__RequestVerificationToken]').forEach(i => i.value = 'tampered');");
        world.Wait(By.Id("scheduling-switch")).Click();
        world.WaitForHeading("The form could not be accepted");
        world.Screenshot("bad-form");

        // A permission the account lacks: the page says so.
        world.Go("/workflows/it-invite");
        world.WaitForHeading("IT security invitation");
        world.Wait(By.Id("run-now")).Click();
        world.WaitForHeading("Not allowed");
    }

    [Fact]
    public async Task A_run_held_by_the_safety_catch_shows_its_numbers_and_is_confirmed_from_the_banner()
    {
        // Scheduling on saves the baseline (everyone but u2, who completed); three new people make the next scheduled run a surge.
        var service = world.Services.GetRequiredService<IWorkflowService>();
        var system = Caller.System("test");
        Assert.True((await service.SetSchedulingAsync(system, "surge-invite", true)).Succeeded);
        Assert.True((await service.ImportDirectoryAsync(system, DashboardWorld.Organisation(users: 8))).Succeeded);
        var held = await service.RunScheduledAsync(system, "surge-invite");
        Assert.Equal(RefusalKind.HeldBySafetyCatch, held.Refusal?.Kind);

        await world.CreateAdministratorAsync("ops-admin", DashboardWorld.NewPassword, ["ops"], Permission.All);
        world.SignIn("ops-admin", DashboardWorld.NewPassword);
        world.WaitForHeading("Workflows");
        world.Go("/workflows/surge-invite");
        world.WaitForHeading("Ops awareness invitation");
        Assert.Equal("Paused", world.Text(By.Id("scheduling")));
        string banner = world.Text(By.Id("held-run"));
        Assert.Contains("first email or push message to 7 people (baseline 4)", banner, StringComparison.Ordinal);
        world.Screenshot("held-run");
        world.Wait(By.Id("confirm-held-run")).Click();
        world.Wait(By.XPath("//div[@id='flash'][contains(., 'confirmed')]"));
        Assert.Equal("On", world.Text(By.Id("scheduling")));
        Assert.Empty(world.Browser.FindElements(By.Id("held-run")));
    }

    [Fact]
    public void The_accessibility_check_finds_a_control_without_a_label()
    {
        world.Browser.Navigate().GoToUrl("data:text/html,<!doctype html><html lang=en><head><title>t</title></head><body><main><h1>t</h1><input type=text></main></body></html>");
        Assert.Contains(world.SeriousAccessibilityViolations(), v => v.Contains("label", StringComparison.Ordinal));
    }
}
