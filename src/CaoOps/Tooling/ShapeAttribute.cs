namespace CaoOps.Tooling;

/// <summary>
/// The declared JSON Schema of a property whose value is JSON passed through from cao-server (a
/// <see cref="System.Text.Json.JsonElement"/>, which the schema exporter would describe as <c>true</c>: any value).
/// The text is one of <see cref="CaoShapes"/>; <see cref="OutputSchemas"/> puts it in place of the exported schema.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
internal sealed class ShapeAttribute(string schema) : Attribute
{
    public string Schema { get; } = schema;
}
