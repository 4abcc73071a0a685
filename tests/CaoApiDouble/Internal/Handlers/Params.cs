using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CaoOps.Testing.Internal.Handlers;

/// <summary>
/// Collects FastAPI-style parameter validation errors for one request (path first, then query,
/// then body), so a handler can answer them all in one 422.
/// </summary>
internal sealed partial class Params
{
    private readonly ApiRequest _request;

    public Params(ApiRequest request) => _request = request;

    public List<JObj> Errors { get; } = [];

    public bool HasErrors => Errors.Count > 0;

    public ApiResponse ErrorResponse() => ValidationErrors.Response(Errors);

    /// <summary>A <c>TerminalId</c> path parameter (<c>^[a-f0-9]{8}$</c>).</summary>
    public string TerminalId(string name)
    {
        var value = _request.PathParams[name];
        if (!NameRules.IsTerminalId(value))
        {
            Errors.Add(ValidationErrors.PatternMismatch(["path", name], value, NameRules.TerminalIdPattern));
        }

        return value;
    }

    public string? RequiredQuery(string name)
    {
        var value = _request.QueryValue(name);
        if (value is null)
        {
            Errors.Add(ValidationErrors.Missing(["query", name]));
        }

        return value;
    }

    public string? OptionalEnumQuery(string name, IReadOnlyList<string> allowed)
    {
        var value = _request.QueryValue(name);
        if (value is not null && !allowed.Contains(value))
        {
            Errors.Add(ValidationErrors.Enum(["query", name], value, allowed));
            return null;
        }

        return value;
    }

    /// <summary>An int query parameter with pydantic's lax string parsing and optional bounds.</summary>
    public BigInteger? IntQuery(string name, bool required, BigInteger? defaultValue, long? ge = null, long? le = null)
    {
        var raw = _request.QueryValue(name);
        if (raw is null)
        {
            if (required)
            {
                Errors.Add(ValidationErrors.Missing(["query", name]));
            }

            return defaultValue;
        }

        var match = IntText().Match(raw);
        if (!match.Success)
        {
            Errors.Add(ValidationErrors.IntParsing(["query", name], raw));
            return null;
        }

        var value = BigInteger.Parse(match.Groups["n"].Value.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (ge is { } min && value < min)
        {
            Errors.Add(ValidationErrors.GreaterThanEqual(["query", name], raw, min));
            return null;
        }

        if (le is { } max && value > max)
        {
            Errors.Add(ValidationErrors.LessThanEqual(["query", name], raw, max));
            return null;
        }

        return value;
    }

    /// <summary>A body field declared <c>Optional[str]</c>.</summary>
    public string? BodyString(JsonElement body, string field)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Errors.Add(ValidationErrors.StringType(["body", field], value));
            return null;
        }

        return value.GetString();
    }

    /// <summary>A body field declared <c>Optional[Dict[str, str]]</c>.</summary>
    public Dictionary<string, string>? BodyStringMap(JsonElement body, string field)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Errors.Add(ValidationErrors.DictType(["body", field], value));
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                Errors.Add(ValidationErrors.StringType(["body", field, property.Name], property.Value));
                continue;
            }

            map[property.Name] = property.Value.GetString()!;
        }

        return map;
    }

    /// <summary>A body field declared <c>Optional[List[str]]</c>.</summary>
    public List<string>? BodyStringList(JsonElement body, string field)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Errors.Add(ValidationErrors.ListType(["body", field], value));
            return null;
        }

        var list = new List<string>();
        var index = 0;
        var ok = true;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                Errors.Add(ValidationErrors.StringType(["body", field, index], item));
                ok = false;
            }
            else
            {
                list.Add(item.GetString()!);
            }

            index++;
        }

        return ok ? list : null;
    }

    /// <summary>A body field declared <c>Optional[Dict]</c>; returned as the raw element.</summary>
    public JsonElement? BodyObject(JsonElement body, string field)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Errors.Add(ValidationErrors.DictType(["body", field], value));
            return null;
        }

        return value;
    }

    /// <summary>
    /// The body model itself: returns the object, or null for "no body" (optional bodies), adding
    /// the 422 entries pydantic would give for a missing or non-object body.
    /// </summary>
    public JsonElement? BodyModel(RequestBody body, bool required)
    {
        if (body.IsNone)
        {
            if (required)
            {
                Errors.Add(ValidationErrors.Missing(["body"]));
            }

            return null;
        }

        if (body.Json is { ValueKind: JsonValueKind.Object } obj)
        {
            return obj;
        }

        Errors.Add(ValidationErrors.ModelAttributesType(["body"], body.Input));
        return null;
    }

    [GeneratedRegex(@"\A\s*(?<n>[+-]?[0-9](?:_?[0-9])*)(?:\.0*)?\s*\z", RegexOptions.CultureInvariant)]
    private static partial Regex IntText();
}
