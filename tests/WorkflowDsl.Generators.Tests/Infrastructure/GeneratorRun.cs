using Microsoft.CodeAnalysis;

namespace WorkflowDsl.Generators.Tests.Infrastructure;

/// <summary>Reads a generator run: generated sources by hint name and the tracked steps.</summary>
public static class GeneratorRun
{
    public static GeneratorRunResult Result(this GeneratorDriver driver) => driver.GetRunResult().Results.Single();

    public static IReadOnlyDictionary<string, string> Sources(this GeneratorDriver driver) =>
        driver.Result().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>The steps named in <see cref="TrackingNames"/> (the generator's own steps).</summary>
    public static IEnumerable<(string Name, IncrementalGeneratorRunStep Step)> OwnSteps(this GeneratorDriver driver)
    {
        var names = typeof(TrackingNames).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        return driver.Result().TrackedSteps
            .Where(kv => names.Contains(kv.Key))
            .SelectMany(kv => kv.Value.Select(step => (kv.Key, step)));
    }

    /// <summary>The generator's own steps and its output steps.</summary>
    public static IEnumerable<(string Name, IncrementalGeneratorRunStep Step)> OwnAndOutputSteps(this GeneratorDriver driver) =>
        driver.OwnSteps().Concat(driver.Result().TrackedOutputSteps.SelectMany(kv => kv.Value.Select(step => (kv.Key, step))));
}
