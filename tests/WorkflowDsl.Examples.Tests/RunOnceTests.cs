using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WorkflowDsl.Examples.Tests;

/// <summary>The one-shot job as a real child process (<c>dotnet WorkflowDsl.Examples.dll --run-once</c>):
/// a start that leaves messages without a final result exits 1 and says how many and why on its last
/// line; the next start continues the same database and delivers exactly those.</summary>
public sealed class RunOnceTests
{
    private static async Task<(int ExitCode, string[] Lines)> RunOnceAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WorkflowDsl.Examples.dll"));
        start.ArgumentList.Add("--run-once");
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        string text = await output + await errors;
        return (process.ExitCode, text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task A_run_once_leaving_messages_without_a_final_result_exits_1_says_how_many_and_why_last_and_the_next_start_continues_them()
    {
        string folder = Path.Combine(Path.GetTempPath(), "wfdsl-run-once-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            // Start 1: the SMTP server is unreachable (nothing listens on the port): every email fails for now.
            var unreachable = new Dictionary<string, string>
            {
                ["WorkflowDsl__Delivery__Email__Smtp__Host"] = "127.0.0.1",
                ["WorkflowDsl__Delivery__Email__Smtp__Port"] = ClosedPort().ToString(),
                ["WorkflowDsl__Delivery__Email__Smtp__Security"] = "None",
                ["WorkflowDsl__Delivery__Dispatch__TransientRetryDelay"] = "00:00:00",
            };
            var (firstExit, first) = await RunOnceAsync(folder, unreachable);

            Assert.Equal(1, firstExit);
            Assert.StartsWith("FAILED (exit code 1): ", first[^1]);
            var pending = System.Text.RegularExpressions.Regex.Match(first[^1],
                @"^FAILED \(exit code 1\): (\d+) messages are left without a final result: (\d+) email messages wait to be retried after a transient failure \(next attempt, from [0-9-]+ [0-9:]+Z\); the next start continues them$");
            Assert.True(pending.Success, first[^1]);
            int left = int.Parse(pending.Groups[1].Value);
            Assert.Equal(left, int.Parse(pending.Groups[2].Value));
            Assert.True(left > 0);
            Assert.False(Directory.Exists(Path.Combine(folder, "data", "outbox", "email")));
            Assert.Contains(first, l => l.StartsWith("New demo database"));

            // Start 2, email to the pickup folder: the same database is continued and exactly the emails left are delivered.
            var (secondExit, second) = await RunOnceAsync(folder, new Dictionary<string, string> { ["WorkflowDsl__Delivery__Dispatch__TransientRetryDelay"] = "00:00:00" });

            Assert.Equal(0, secondExit);
            Assert.Equal("Done: every planned message has a final result.", second[^1]);
            Assert.Contains(second, l => l.StartsWith("Continuing the demo database of an earlier start"));
            Assert.Equal(left, Directory.GetFiles(Path.Combine(folder, "data", "outbox", "email"), "*.eml").Length);
            Assert.Contains(second, l => l.StartsWith($"Email  sent {left,5}  failed   0"));
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
