using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace WorkflowDsl.Packaging.Tests;

/// <summary>The WorkflowDsl package works as users get it: one package reference brings the library,
/// the generator (plans compiled in) and the analyzer (definition errors fail the build).</summary>
public sealed class PackageConsumerTests : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);

    // A version no earlier run used, so no stale copy in the global packages folder is picked up.
    private readonly string _version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "." + Guid.NewGuid().ToString("N")[..8];
    private readonly string _work = Path.Combine(Path.GetTempPath(), "workflowdsl-package-" + Guid.NewGuid().ToString("N"));

    private const string Workflow = """
        using WorkflowDsl;

        namespace Consumer;

        /// <summary>The consumer's workflow.</summary>
        [Workflow("onboarding")]
        public static partial class Onboarding
        {
            /// <summary>The definition.</summary>
            public static WorkflowDefinition Define() =>
                Workflow.InvitationWithReminder("Onboarding", 7.Days(), Channel.Email)
                    .ForContents("ONB-1")
                    .TargetGroup(t => t.Where(u => u.Country == "FI"))
                    .Schedule("0 8 * * MON-FRI", "Europe/Helsinki");
        }

        #if BROKEN
        /// <summary>A workflow that waits zero days.</summary>
        [Workflow("broken")]
        public static partial class Broken
        {
            /// <summary>The definition.</summary>
            public static WorkflowDefinition Define() =>
                Workflow.Named("Broken").ForContents("B-1").Invite(Channel.Email).Wait(0.Days()).Remind(Channel.Email);
        }

        /// <summary>A workflow scheduled on 31 February.</summary>
        [Workflow("never")]
        public static partial class Never
        {
            /// <summary>The definition.</summary>
            public static WorkflowDefinition Define() =>
                Workflow.Invitation("Never", Channel.Email).ForContents("N-1").Schedule("0 8 31 2 *", "UTC");
        }
        #endif
        """;

    private const string Program = """
        Console.WriteLine("steps=" + Consumer.GeneratedWorkflows.PlanOf(typeof(Consumer.Onboarding)).Steps.Count);
        Console.WriteLine("registry=" + string.Join(",", Consumer.GeneratedWorkflows.Plans.Select(p => p.Id)));
        """;

    [Fact]
    public void Packed_package_builds_and_runs_a_consumer_and_its_analyzer_fails_a_broken_definition()
    {
        string feed = Path.Combine(_work, "feed");
        string consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        // Pack from a private copy of the sources: packing restores and builds in Release, and doing
        // that in the repository would rewrite obj/ files (project.assets.json) that the other test
        // projects' build reads at the same moment when `dotnet test WorkflowDsl.sln` builds and tests
        // in parallel. The copy has its own bin/ and obj/, so nothing here races with that build.
        string sources = Path.Combine(_work, "sources");
        string repoRoot = FindRepoRoot();
        CopySources(repoRoot, sources);

        var pack = DotnetCli.Run(sources, CommandTimeout, "pack", "src/WorkflowDsl", "-c", "Release", "-o", feed,
            "-p:PackageVersion=" + _version, "-nodeReuse:false", "-p:UseSharedCompilation=false");
        Assert.True(pack.ExitCode == 0, pack.Output);

        string package = Path.Combine(feed, $"WorkflowDsl.{_version}.nupkg");
        using (var zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("lib/net10.0/WorkflowDsl.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/WorkflowDsl.Generators.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/WorkflowDsl.CodeFixes.dll", entries);
            Assert.Contains("build/WorkflowDsl.props", entries);
            // The cron check's parser ships next to the generator, which loads it from there.
            Assert.Contains("analyzers/dotnet/cs/Cronos.dll", entries);
            // Every diagnostic's help link (a path relative to the package's folder, compiled into the
            // shipped analyzer) opens a page the package holds.
            var links = HelpLinksOf(zip.GetEntry("analyzers/dotnet/cs/WorkflowDsl.Generators.dll")!);
            Assert.True(links.Count >= 22, $"{links.Count} help links found in the analyzer");
            foreach (var link in links) Assert.True(entries.Contains(link), $"help link '{link}' names no file of the package");
            foreach (var page in Directory.GetFiles(Path.Combine(repoRoot, "docs", "diagnostics"), "*.md"))
                Assert.Contains("docs/diagnostics/" + Path.GetFileName(page), entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generators", StringComparison.Ordinal));
        }

        // The consumer lives outside the repository, so the repository's Directory.Build.props and
        // central package versions do not apply. The feed is added to the default sources, which
        // provide the package's dependencies.
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="workflowdsl-test-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="WorkflowDsl" Version="{_version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Onboarding.cs"), Workflow);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), Program);

        var build = DotnetCli.Run(consumer, CommandTimeout, "build", "-c", "Release", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        Assert.True(build.ExitCode == 0, build.Output);

        var run = DotnetCli.Run(consumer, CommandTimeout, "bin/Release/net10.0/Consumer.dll");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal("steps=3\nregistry=onboarding\n", run.Output.ReplaceLineEndings("\n"));

        var broken = DotnetCli.Run(consumer, CommandTimeout, "build", "-c", "Release", "--no-restore", "-nodeReuse:false", "-p:UseSharedCompilation=false",
            "-p:DefineConstants=BROKEN");
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("error WFDSL003", broken.Output);
        Assert.Contains("Onboarding.cs(", broken.Output);
        // The analyzer ran the scheduler's parser from the package (no AD0001 load failure).
        Assert.Contains("error WFDSL015", broken.Output);
        Assert.Contains("February never has day 31", broken.Output);
        Assert.DoesNotContain("AD0001", broken.Output);
    }

    /// <summary>The help-link strings compiled into an analyzer assembly: its user strings that start with docs/diagnostics/.</summary>
    private static List<string> HelpLinksOf(ZipArchiveEntry analyzer)
    {
        using var bytes = new MemoryStream();
        using (var stream = analyzer.Open()) stream.CopyTo(bytes);
        bytes.Position = 0;
        using var pe = new PEReader(bytes);
        var metadata = pe.GetMetadataReader();
        var links = new List<string>();
        for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = metadata.GetNextHandle(handle))
        {
            string text = metadata.GetUserString(handle);
            if (text.StartsWith("docs/diagnostics/", StringComparison.Ordinal) && text.EndsWith(".md", StringComparison.Ordinal)) links.Add(text);
        }
        return links;
    }

    public void Dispose()
    {
        TryDelete(_work);
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        TryDelete(Path.Combine(packages, "workflowdsl", _version));
    }

    /// <summary>Copies what packing needs (the build settings, the library, the generators and the
    /// diagnostics pages) without any bin/ or obj/ folder.</summary>
    private static void CopySources(string repoRoot, string target)
    {
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "nuget.config" })
        {
            string from = Path.Combine(repoRoot, file);
            if (File.Exists(from))
            {
                Directory.CreateDirectory(target);
                File.Copy(from, Path.Combine(target, file));
            }
        }

        foreach (var folder in new[] { "src/WorkflowDsl", "generators", "docs" })
        {
            CopyFolder(Path.Combine(repoRoot, folder), Path.Combine(target, folder));
        }
    }

    private static void CopyFolder(string from, string to)
    {
        if (!Directory.Exists(from)) return;
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var folder in Directory.EnumerateDirectories(from))
        {
            string name = Path.GetFileName(folder);
            if (name is "bin" or "obj") continue;
            CopyFolder(folder, Path.Combine(to, name));
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WorkflowDsl.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("WorkflowDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
