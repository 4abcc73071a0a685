using System.Text.Json;

namespace CaoOps.Tooling;

/// <summary>The JSON Schema of a tool's arguments, generated from its parameter declarations.</summary>
internal static class InputSchema
{
    public static JsonElement For(IReadOnlyList<ToolParameter> parameters) => JsonBuild.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        foreach (var p in parameters)
        {
            w.WriteStartObject(p.Name);
            switch (p.Kind)
            {
                case ParamKind.String:
                    w.WriteString("type", "string");
                    if (p.Enum is { } values)
                    {
                        w.WriteStartArray("enum");
                        foreach (var v in values)
                        {
                            w.WriteStringValue(v);
                        }

                        w.WriteEndArray();
                    }
                    else if (p.Rule is { } rule)
                    {
                        w.WriteString("pattern", rule.Pattern.ToString().Replace(@"\z", "$", StringComparison.Ordinal)); // ECMA-262 "$" is end of input
                    }

                    break;
                case ParamKind.Integer:
                    w.WriteString("type", "integer");
                    if (p.Minimum is { } min)
                    {
                        w.WriteNumber("minimum", min);
                    }

                    if (p.Maximum is { } max)
                    {
                        w.WriteNumber("maximum", max);
                    }

                    break;
                case ParamKind.Boolean:
                    w.WriteString("type", "boolean");
                    break;
                case ParamKind.StringArray:
                    w.WriteString("type", "array");
                    w.WriteStartObject("items");
                    w.WriteString("type", "string");
                    w.WriteEndObject();
                    break;
                case ParamKind.Object:
                    w.WriteString("type", "object");
                    break;
                case ParamKind.StringMap:
                    w.WriteString("type", "object");
                    w.WriteStartObject("additionalProperties");
                    w.WriteString("type", "string");
                    w.WriteEndObject();
                    break;
            }

            w.WriteString("description", p.Description);
            if (p.DefaultJson is { } d)
            {
                w.WritePropertyName("default");
                w.WriteRawValue(d);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        var required = parameters.Where(p => p.Required).ToList();
        if (required.Count > 0)
        {
            w.WriteStartArray("required");
            foreach (var p in required)
            {
                w.WriteStringValue(p.Name);
            }

            w.WriteEndArray();
        }

        w.WriteBoolean("additionalProperties", false);
        w.WriteEndObject();
    });
}
