using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CostWatch.Core.Alerting;

/// <summary>
/// The labels that identify an alert instance: <c>alertname</c> (the rule), <c>severity</c>, and the rule's group
/// labels (<c>agent</c>, <c>tool</c>, <c>model</c>, ...). Immutable and kept in ordinal key order, so the canonical
/// JSON, and with it the fingerprint, is the same however the labels were built. Annotations and the observed
/// value are not identity: a changed value never makes a new alert.
/// </summary>
public sealed class AlertLabels : IEquatable<AlertLabels>
{
    public const string AlertName = "alertname";
    public const string Severity = "severity";

    private readonly KeyValuePair<string, string>[] _pairs;

    private AlertLabels(KeyValuePair<string, string>[] pairs)
    {
        _pairs = pairs;
        Json = WriteJson(pairs);
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Json)).AsSpan(0, 8));
    }

    /// <summary>In ordinal key order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    /// <summary>A JSON object, keys in ordinal order, no white space: what the store keeps and the fingerprint hashes.</summary>
    public string Json { get; }

    /// <summary>16 lower-case hex digits of the SHA-256 of <see cref="Json"/>: stable across restarts and replicas.</summary>
    public string Fingerprint { get; }

    public string this[string name] => TryGet(name, out var value) ? value : "";

    public static AlertLabels For(string rule, string severity, IEnumerable<KeyValuePair<string, string>> groupLabels)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in groupLabels)
        {
            labels[name] = value;
        }

        labels[AlertName] = rule;
        labels[Severity] = severity;
        return From(labels);
    }

    public static AlertLabels From(IEnumerable<KeyValuePair<string, string>> labels) =>
        new(labels.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToArray());

    /// <summary>Reads labels stored as a JSON object of strings.</summary>
    /// <exception cref="JsonException">Not a JSON object of strings.</exception>
    public static AlertLabels Parse(string json) =>
        From(JsonSerializer.Deserialize<Dictionary<string, string>>(json)
             ?? throw new JsonException("Alert labels are null."));

    public bool TryGet(string name, out string value)
    {
        foreach (var (key, stored) in _pairs)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                value = stored;
                return true;
            }
        }

        value = "";
        return false;
    }

    public bool Equals(AlertLabels? other) => other is not null && string.Equals(Json, other.Json, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as AlertLabels);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Json);

    public override string ToString() => Json;

    private static string WriteJson(KeyValuePair<string, string>[] pairs)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in pairs)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
