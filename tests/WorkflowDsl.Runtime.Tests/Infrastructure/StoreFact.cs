using Xunit.Abstractions;
using Xunit.Sdk;

namespace WorkflowDsl.Runtime.Tests.Infrastructure;

/// <summary>Marks test classes whose tests run against PostgreSQL.</summary>
public interface IPostgresTests;

/// <summary>A fact that runs once per store; in classes marked <see cref="IPostgresTests"/> it is
/// skipped, with the reason, when the PostgreSQL server binaries are absent.</summary>
[XunitTestCaseDiscoverer("WorkflowDsl.Runtime.Tests.Infrastructure.StoreFactDiscoverer", "WorkflowDsl.Runtime.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>Discovers <see cref="StoreFactAttribute"/> tests.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    /// <inheritdoc/>
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var type = testMethod.TestClass.Class.ToRuntimeType();
        string? skip = typeof(IPostgresTests).IsAssignableFrom(type) ? PostgresServer.SkipReason : null;
        yield return new StoreTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, skip);
    }
}

/// <summary>A test case whose skip reason is decided at discovery.</summary>
public sealed class StoreTestCase : XunitTestCase
{
    private string? _skip;

    /// <summary>For deserialization.</summary>
    [Obsolete("Called by the de-serializer", true)]
    public StoreTestCase() { }

    /// <summary>Creates the test case.</summary>
    public StoreTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, string? skip)
        : base(sink, display, options, method) => _skip = skip;

    /// <inheritdoc/>
    protected override string? GetSkipReason(IAttributeInfo factAttribute) => _skip ?? base.GetSkipReason(factAttribute);

    /// <inheritdoc/>
    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("StoreSkip", _skip);
    }

    /// <inheritdoc/>
    public override void Deserialize(IXunitSerializationInfo data)
    {
        _skip = data.GetValue<string?>("StoreSkip");
        base.Deserialize(data);
    }
}
