using System.Text.Json;
using WorkflowDsl.Delivery.Sending;

namespace WorkflowDsl.Delivery.Push;

/// <summary>Push delivery (section <c>WorkflowDsl:Delivery:Push</c>). Without an FCM service account,
/// notifications are appended as JSON lines to <see cref="OutboxFile"/>.</summary>
public sealed class PushOptions
{
    /// <summary>Firebase Cloud Messaging (HTTP v1); leave the service account empty to write to the outbox file.</summary>
    public FcmOptions Fcm { get; set; } = new();

    /// <summary>JSON-lines file used when FCM is not configured. Default "outbox/push.jsonl".</summary>
    public string OutboxFile { get; set; } = Path.Combine("outbox", "push.jsonl");

    /// <summary>True when an FCM service account is configured.</summary>
    public bool UsesFcm => !string.IsNullOrWhiteSpace(Fcm.ServiceAccountFile) || !string.IsNullOrWhiteSpace(Fcm.ServiceAccountJson);

    /// <summary>Problems with the values, each naming the setting and what to do; empty when valid.</summary>
    public IEnumerable<string> Validate(string section = "WorkflowDsl:Delivery:Push")
    {
        if (UsesFcm) return Fcm.Validate(section + ":Fcm");
        return string.IsNullOrWhiteSpace(OutboxFile) ? [$"{section}:OutboxFile is empty and no Fcm:ServiceAccountFile is set: set one of them."] : [];
    }
}

/// <summary>FCM HTTP v1 (section <c>WorkflowDsl:Delivery:Push:Fcm</c>).</summary>
public sealed class FcmOptions
{
    /// <summary>Path of the service-account JSON key downloaded from the Firebase console.</summary>
    public string? ServiceAccountFile { get; set; }

    /// <summary>The service-account JSON itself (instead of a file), e.g. from a secret store.</summary>
    public string? ServiceAccountJson { get; set; }

    /// <summary>Firebase project id; default: the key's project_id.</summary>
    public string? ProjectId { get; set; }

    /// <summary>API base address. Default https://fcm.googleapis.com; tests point it at a local server.</summary>
    public string BaseAddress { get; set; } = "https://fcm.googleapis.com";

    /// <summary>Most requests in flight at once over the shared connection pool. 1 to 1000; default 64.</summary>
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>Timeout of one request. Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of 429 / 503 (honouring Retry-After), 500 and connection failures.</summary>
    public DeliveryRetryOptions Retry { get; set; } = new();

    /// <summary>The service-account JSON from <see cref="ServiceAccountJson"/> or <see cref="ServiceAccountFile"/>.</summary>
    public string ReadServiceAccount() => !string.IsNullOrWhiteSpace(ServiceAccountJson) ? ServiceAccountJson : File.ReadAllText(ServiceAccountFile!);

    /// <summary>Problems with the values, each naming the setting and what to do; empty when valid.</summary>
    public IEnumerable<string> Validate(string section)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ServiceAccountJson) && !File.Exists(ServiceAccountFile))
        {
            problems.Add($"{section}:ServiceAccountFile '{ServiceAccountFile}' does not exist: give the path of the service-account key (Firebase console, Project settings, Service accounts).");
        }
        else
        {
            try
            {
                using var key = JsonDocument.Parse(ReadServiceAccount());
                var root = key.RootElement;
                if (!root.TryGetProperty("type", out var type) || type.GetString() != "service_account")
                    problems.Add($"{section}: the key is not a service-account key (\"type\": \"service_account\"): download one from Project settings, Service accounts.");
                foreach (string field in new[] { "client_email", "private_key" })
                    if (!root.TryGetProperty(field, out var value) || string.IsNullOrWhiteSpace(value.GetString()))
                        problems.Add($"{section}: the service-account key has no '{field}': download a new key.");
                if (string.IsNullOrWhiteSpace(ProjectId) && (!root.TryGetProperty("project_id", out var project) || string.IsNullOrWhiteSpace(project.GetString())))
                    problems.Add($"{section}:ProjectId is not set and the key has no 'project_id': set ProjectId to the Firebase project id.");
            }
            catch (JsonException e)
            {
                problems.Add($"{section}: the service-account key is not valid JSON ({e.Message}): download it again.");
            }
        }
        if (!Uri.TryCreate(BaseAddress, UriKind.Absolute, out var b) || (b.Scheme != Uri.UriSchemeHttps && b.Scheme != Uri.UriSchemeHttp))
            problems.Add($"{section}:BaseAddress '{BaseAddress}' is not an absolute http(s) address: leave it at https://fcm.googleapis.com unless you test against a local server.");
        if (MaxConcurrency is < 1 or > 1000) problems.Add($"{section}:MaxConcurrency is {MaxConcurrency}: use 1 to 1000.");
        if (RequestTimeout <= TimeSpan.Zero) problems.Add($"{section}:RequestTimeout is {RequestTimeout}: use more than 0.");
        problems.AddRange(Retry.Validate(section + ":Retry"));
        return problems;
    }
}
