using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WorkflowDsl.Runtime.Tests.Infrastructure;

/// <summary>A private PostgreSQL server for the test process: initdb in a temp folder, started on
/// 127.0.0.1 on a free port (as the 'postgres' OS user when the tests run as root), stopped at exit.</summary>
public static class PostgresServer
{
    private static readonly Lazy<string?> BinDir = new(FindBinaries);
    private static readonly Lazy<Task<string>> Started = new(StartAsync);

    /// <summary>Why PostgreSQL tests are skipped, or null when the server binaries are present.</summary>
    public static string? SkipReason => BinDir.Value is null
        ? "PostgreSQL server binaries (initdb, pg_ctl) are not installed: install Debian's 'postgresql' package (.ci/install does) to run the PostgreSQL half of the suite."
        : null;

    /// <summary>A connection string for a new, empty database name on the private server.</summary>
    public static async Task<string> NewDatabaseAsync()
    {
        string server = await Started.Value;
        return server + ";Database=t_" + Guid.NewGuid().ToString("N");
    }

    private static string? FindBinaries()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } env) candidates.Add(env);
        if (System.IO.Directory.Exists("/usr/lib/postgresql"))
            candidates.AddRange(System.IO.Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin")));
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)) candidates.Add(dir);
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static async Task<string> StartAsync()
    {
        string bin = BinDir.Value ?? throw new InvalidOperationException(SkipReason);
        // Folders of servers that are no longer running (a killed test host cannot clean up after itself). Test
        // assemblies run in parallel, each with its own server: a folder whose owning test host is alive may be in
        // the middle of initdb (no postmaster.pid yet) and must not be touched.
        foreach (var stale in System.IO.Directory.GetDirectories(Path.GetTempPath(), "wfdsl-pg-*"))
        {
            if (File.Exists(Path.Combine(stale, "data", "postmaster.pid")) || OwnerAlive(stale)) continue;
            try { System.IO.Directory.Delete(stale, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        string root = Path.Combine(Path.GetTempPath(), "wfdsl-pg-" + Guid.NewGuid().ToString("N")[..8]);
        string data = Path.Combine(root, "data");
        System.IO.Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        bool asRoot = Environment.UserName == "root";
        if (asRoot) await RunAsync("chown", ["-R", "postgres:", root], asRoot: false);
        int port = FreePort();
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "--no-locale", "-E", "UTF8", "--no-sync"], asRoot);
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o",
            $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start"], asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asRoot).GetAwaiter().GetResult();
                System.IO.Directory.Delete(root, recursive: true);
            }
            catch (Exception)
            {
                // Best effort: a leftover temp folder is harmless.
            }
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Include Error Detail=true;Timeout=30;Command Timeout=120";
    }

    private const string OwnerFile = "owner.pid";

    /// <summary>Whether the test host that made the folder still runs (a folder without an owner file is
    /// left for an hour after its last change, in case it was made a moment ago).</summary>
    private static bool OwnerAlive(string folder)
    {
        string owner = Path.Combine(folder, OwnerFile);
        if (!File.Exists(owner)) return System.IO.Directory.GetLastWriteTimeUtc(folder) > DateTime.UtcNow.AddHours(-1);
        if (!int.TryParse(File.ReadAllText(owner).Trim(), out int pid)) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task RunAsync(string file, string[] args, bool asRoot)
    {
        var info = new ProcessStartInfo(asRoot ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asRoot) { info.ArgumentList.Add("-u"); info.ArgumentList.Add("postgres"); info.ArgumentList.Add("--"); info.ArgumentList.Add(file); }
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'{file} {string.Join(' ', args)}' failed ({process.ExitCode}): {await stderr}{await stdout}");
    }
}
