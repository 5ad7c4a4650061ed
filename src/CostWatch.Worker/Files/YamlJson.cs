using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CostWatch.Worker.Files;

/// <summary>
/// Turns a YAML file (a price file, the rules file) into the JSON of the same document, so that Core's readers,
/// which take JSON, serve YAML files too, and price files read the same in either format. Scalars follow YAML
/// 1.2's core schema: plain <c>2.5</c> is a number, <c>true</c> a boolean, <c>~</c> null, and anything quoted a
/// string. Dates and durations stay text (<c>effectiveFrom: 2026-01-01</c>, <c>for: 5m</c>). Anchors and aliases
/// work; merge keys (<c>&lt;&lt;</c>) are not supported. A key that appears twice in a mapping is an error.
/// </summary>
/// <remarks>
/// YamlDotNet lives here rather than in Core, which has no package dependencies; this is still a pure function
/// of the file's text.
/// </remarks>
internal sealed partial class YamlJson
{
    // Deep enough for any price file, shallow enough that a hostile one cannot exhaust the stack.
    private const int MaxDepth = 32;

    // Aliases repeat their anchor's JSON; this stops a file of nested aliases from expanding without bound.
    private const long MaxJsonBytes = 64L * 1024 * 1024;

    private const string CoreTag = "tag:yaml.org,2002:";

    private readonly string _fileName;
    private readonly YamlFileKind _kind;
    private readonly IParser _parser;
    private readonly Dictionary<string, string> _anchors = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];
    private long _aliasBytes;

    private YamlJson(string fileName, YamlFileKind kind, IParser parser)
    {
        _fileName = fileName;
        _kind = kind;
        _parser = parser;
    }

    /// <param name="fileName">Named in every error message.</param>
    /// <param name="kind">What the file holds, for the messages about an empty file or a second document.</param>
    /// <param name="yaml">The file's text.</param>
    /// <exception cref="InvalidFileException">The text is not YAML, or not one document that maps onto JSON.</exception>
    public static string ToJson(string fileName, YamlFileKind kind, string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var converter = new YamlJson(fileName, kind, parser);
        try
        {
            return converter.Convert();
        }
        catch (YamlException e)
        {
            throw new InvalidFileException(
                [$"{fileName}: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {Reason(e)}"]);
        }
    }

    private string Convert()
    {
        _parser.Consume<StreamStart>();
        if (_parser.Accept<StreamEnd>(out _))
        {
            throw new InvalidFileException([$"{_fileName}: the file is empty; expected {_kind.Expected}"]);
        }

        _parser.Consume<DocumentStart>();
        var json = Write(writer => WriteNode(writer, 0));
        _parser.Consume<DocumentEnd>();
        if (!_parser.Accept<StreamEnd>(out _))
        {
            _errors.Add($"{_fileName}: line {_parser.Current?.Start.Line}: a second YAML document (---); {_kind.Name} holds one");
        }

        if (_errors.Count > 0)
        {
            throw new InvalidFileException(_errors.ToArray());
        }

        return json;
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void WriteNode(Utf8JsonWriter writer, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new YamlException(_parser.Current!.Start, _parser.Current.End,
                $"nested more than {MaxDepth} levels deep");
        }

        if (_parser.TryConsume<AnchorAlias>(out var alias))
        {
            WriteAlias(writer, alias);
            return;
        }

        var node = _parser.Current as NodeEvent
            ?? throw new YamlException(_parser.Current!.Start, _parser.Current.End, "expected a value");
        if (node.Anchor.IsEmpty)
        {
            WriteNodeContent(writer, depth);
            return;
        }

        // An anchored node is converted on its own, so that every alias of it can repeat the same JSON.
        var json = Write(anchored => WriteNodeContent(anchored, depth));
        _anchors[node.Anchor.Value] = json;
        writer.WriteRawValue(json, skipInputValidation: true);
    }

    private void WriteAlias(Utf8JsonWriter writer, AnchorAlias alias)
    {
        if (!_anchors.TryGetValue(alias.Value.Value, out var json))
        {
            throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} names no anchor defined before it");
        }

        _aliasBytes += json.Length;
        if (_aliasBytes > MaxJsonBytes)
        {
            throw new YamlException(alias.Start, alias.End, $"aliases expand the file beyond {MaxJsonBytes / (1024 * 1024)} MiB");
        }

        writer.WriteRawValue(json, skipInputValidation: true);
    }

    private void WriteNodeContent(Utf8JsonWriter writer, int depth)
    {
        if (_parser.TryConsume<Scalar>(out var scalar))
        {
            WriteScalar(writer, scalar);
        }
        else if (_parser.TryConsume<SequenceStart>(out _))
        {
            writer.WriteStartArray();
            while (!_parser.TryConsume<SequenceEnd>(out _))
            {
                WriteNode(writer, depth + 1);
            }

            writer.WriteEndArray();
        }
        else
        {
            _parser.Consume<MappingStart>();
            WriteMapping(writer, depth);
        }
    }

    private void WriteMapping(Utf8JsonWriter writer, int depth)
    {
        writer.WriteStartObject();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            if (!_parser.TryConsume<Scalar>(out var key))
            {
                _errors.Add($"{_fileName}: line {_parser.Current!.Start.Line}: a key must be plain text, not a list, mapping or alias");
                _parser.SkipThisAndNestedEvents();
                _parser.SkipThisAndNestedEvents();
                continue;
            }

            if (!keys.Add(key.Value))
            {
                _errors.Add($"{_fileName}: line {key.Start.Line}: duplicate key '{key.Value}'");
            }

            writer.WritePropertyName(key.Value);
            WriteNode(writer, depth + 1);
        }

        writer.WriteEndObject();
    }

    private static void WriteScalar(Utf8JsonWriter writer, Scalar scalar)
    {
        var value = scalar.Value;
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        // Only plain scalars are resolved by content; a quoted or block scalar is text, as is an explicit !!str.
        var resolve = tag is null ? scalar.Style == ScalarStyle.Plain : tag.StartsWith(CoreTag, StringComparison.Ordinal)
            && tag[CoreTag.Length..] is "null" or "bool" or "int" or "float";
        if (!resolve)
        {
            writer.WriteStringValue(value);
        }
        else if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            writer.WriteNullValue();
        }
        else if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            writer.WriteBooleanValue(value[0] is 't' or 'T');
        }
        else if (YamlNumber().IsMatch(value)
                 && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            // Straight into decimal, never through double, like the JSON reader.
            writer.WriteNumberValue(number);
        }
        else
        {
            // A number beyond decimal's range stays text, and the reader reports it as not a number.
            writer.WriteStringValue(value);
        }
    }

    /// <summary>YamlDotNet prefixes its messages with the position, which the caller already gives as a line and column.</summary>
    private static string Reason(YamlException e) => PositionPrefix().Replace(e.Message, "");

    // YAML 1.2 core schema integers and floats in decimal notation (hex, octal and .inf stay text).
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex YamlNumber();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}
