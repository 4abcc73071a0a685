using System.Globalization;
using System.Text;
using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Workflows;

/// <summary>
/// Checks run inputs against a workflow's declared inputs the way cao-server does (declared inputs in order: given,
/// default or missing; then the type; then undeclared names), so a run is never submitted to fail, and the message
/// lists what the workflow declares.
/// </summary>
internal static class WorkflowInputs
{
    private const int MaxBytes = 32768;

    /// <summary>Null when <paramref name="given"/> is acceptable; otherwise what is wrong.</summary>
    public static string? Check(JsonElement declared, JsonElement? given)
    {
        var inputs = declared.ValueKind == JsonValueKind.Object ? declared.EnumerateObject().ToList() : [];
        var resolvedBytes = 2;
        foreach (var input in inputs)
        {
            var type = JsonFields.Str(input.Value, "type") ?? "string";
            var hasDefault = input.Value.TryGetProperty("default", out var d) && d.ValueKind != JsonValueKind.Null;
            var required = input.Value.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True;
            if (given is not { } g || !g.TryGetProperty(input.Name, out var value))
            {
                if (!hasDefault && required)
                {
                    return $"missing required input '{input.Name}' ({type}); {Declared(inputs)}";
                }

                resolvedBytes += hasDefault ? Encoding.UTF8.GetByteCount(input.Name) + d.GetRawText().Length + 4 : 0;
                continue;
            }

            var ok = type switch
            {
                "bool" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                "int" => value.ValueKind == JsonValueKind.Number && value.GetRawText().TrimStart('-').All(char.IsAsciiDigit),
                _ => value.ValueKind == JsonValueKind.String,
            };
            if (!ok)
            {
                var expected = type switch { "int" => "an int (a whole JSON number)", "bool" => "a bool (true or false)", "path" => "a path string", _ => "a string" };
                return $"input '{input.Name}' must be {expected}, got {Kind(value)}";
            }

            resolvedBytes += Encoding.UTF8.GetByteCount(input.Name) + Encoding.UTF8.GetByteCount(value.GetRawText()) + 4;
        }

        foreach (var property in given?.EnumerateObject() ?? default)
        {
            if (!inputs.Exists(i => i.Name == property.Name))
            {
                return $"unknown input '{property.Name}' (not declared by the workflow); {Declared(inputs)}";
            }
        }

        return resolvedBytes > MaxBytes ? $"the inputs are larger than cao-server's limit of {MaxBytes} bytes" : null;
    }

    /// <summary>"it declares: target (string, required), count (int, default 2)".</summary>
    public static string Declared(IReadOnlyList<JsonProperty> inputs) => inputs.Count == 0
        ? "it declares no inputs"
        : "it declares: " + string.Join(", ", inputs.Select(Describe));

    public static string Declared(JsonElement declared) =>
        Declared(declared.ValueKind == JsonValueKind.Object ? [.. declared.EnumerateObject()] : []);

    private static string Describe(JsonProperty input)
    {
        var type = JsonFields.Str(input.Value, "type") ?? "string";
        if (input.Value.TryGetProperty("default", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{input.Name} ({type}, default {d.GetRawText()})");
        }

        return input.Value.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True
            ? $"{input.Name} ({type}, required)"
            : $"{input.Name} ({type}, optional)";
    }

    /// <summary>The JSON kind of a value, never the value itself (inputs may carry secrets).</summary>
    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number with a fraction or exponent",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
