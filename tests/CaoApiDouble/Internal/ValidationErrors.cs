using System.Text.Json;

namespace CaoOps.Testing.Internal;

/// <summary>Builders for FastAPI/pydantic v2 422 error entries, and the 422 response itself.</summary>
internal static class ValidationErrors
{
    public static JObj Missing(object?[] loc) => Entry("missing", loc, "Field required", null);

    /// <summary>pydantic's missing-field error for a body model field echoes the whole object as input.</summary>
    public static JObj MissingField(object?[] loc, object? parentInput) => Entry("missing", loc, "Field required", parentInput);

    public static JObj PatternMismatch(object?[] loc, string input, string pattern) =>
        Entry("string_pattern_mismatch", loc, $"String should match pattern '{pattern}'", input, new JObj { { "pattern", pattern } });

    public static JObj Enum(object?[] loc, string input, IReadOnlyList<string> allowed)
    {
        var expected = ExpectedList(allowed);
        return Entry("enum", loc, $"Input should be {expected}", input, new JObj { { "expected", expected } });
    }

    public static JObj IntParsing(object?[] loc, string input) =>
        Entry("int_parsing", loc, "Input should be a valid integer, unable to parse string as an integer", input);

    public static JObj GreaterThanEqual(object?[] loc, string input, long ge) =>
        Entry("greater_than_equal", loc, $"Input should be greater than or equal to {ge}", input, new JObj { { "ge", ge } });

    public static JObj LessThanEqual(object?[] loc, string input, long le) =>
        Entry("less_than_equal", loc, $"Input should be less than or equal to {le}", input, new JObj { { "le", le } });

    public static JObj StringType(object?[] loc, object? input) => Entry("string_type", loc, "Input should be a valid string", input);

    public static JObj DictType(object?[] loc, object? input) => Entry("dict_type", loc, "Input should be a valid dictionary", input);

    public static JObj ListType(object?[] loc, object? input) => Entry("list_type", loc, "Input should be a valid list", input);

    public static JObj ModelAttributesType(object?[] loc, object? input) =>
        Entry("model_attributes_type", loc, "Input should be a valid dictionary or object to extract fields from", input);

    /// <summary>A <c>field_validator</c> raising ValueError: FastAPI's jsonable_encoder turns the exception into <c>{}</c>.</summary>
    public static JObj ValueError(object?[] loc, object? input, string message) =>
        Entry("value_error", loc, "Value error, " + message, input, new JObj { { "error", new JObj() } });

    public static JObj JsonInvalid(int position, string error) =>
        Entry("json_invalid", ["body", position], "JSON decode error", new JObj(), new JObj { { "error", error } });

    /// <summary>
    /// The 422 response. Like cao-server's custom handler, errors that concern <c>env_vars</c>
    /// (by location, or because the echoed input object carries that key) lose <c>input</c> and <c>ctx</c>.
    /// </summary>
    public static ApiResponse Response(IEnumerable<JObj> errors)
    {
        var list = new List<object?>();
        foreach (var error in errors)
        {
            list.Add(Redact(error));
        }

        return ApiResponse.Json(422, new JObj { { "detail", list } });
    }

    private static JObj Redact(JObj error)
    {
        var loc = error.First(p => p.Key == "loc").Value as object?[];
        var input = error.First(p => p.Key == "input").Value;
        var echoes = (loc is not null && loc.Any(l => l is string s && s == "env_vars"))
            || (input is JsonElement { ValueKind: JsonValueKind.Object } element && element.TryGetProperty("env_vars", out _));
        if (!echoes)
        {
            return error;
        }

        var redacted = new JObj();
        foreach (var (key, value) in error)
        {
            if (key is not "input" and not "ctx")
            {
                redacted.Add(key, value);
            }
        }

        return redacted;
    }

    private static string ExpectedList(IReadOnlyList<string> allowed)
    {
        var quoted = allowed.Select(a => $"'{a}'").ToList();
        return quoted.Count == 1 ? quoted[0] : string.Join(", ", quoted.Take(quoted.Count - 1)) + " or " + quoted[^1];
    }

    private static JObj Entry(string type, object?[] loc, string msg, object? input, JObj? ctx = null)
    {
        var entry = new JObj { { "type", type }, { "loc", loc }, { "msg", msg }, { "input", input } };
        if (ctx is not null)
        {
            entry.Add("ctx", ctx);
        }

        return entry;
    }
}
