using System.Text.Json;
using CaoOps.Testing.Schemas;
using CaoOps.Tools;
using CaoOps.Tools.Profiles;
using CaoOps.Tools.Sessions;

namespace CaoOps.Tests.Tooling;

public class OutputSchemaTests
{
    [Fact]
    public void Schema_from_a_record_uses_wire_names_descriptions_and_nullability()
    {
        var schema = OutputSchemas.Export(SessionsJsonContext.Default.LaunchResult);
        var properties = schema.GetProperty("properties");
        Assert.Equal("boolean", properties.GetProperty("success").GetProperty("type").GetString());

        // Results never carry null (ToolRunner drops null members): a nullable field has one type and is optional.
        Assert.Equal("string", properties.GetProperty("terminal_id").GetProperty("type").GetString());
        Assert.Equal(["success", "message"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("string", properties.GetProperty("requested_session_name").GetProperty("type").GetString());

        var install = OutputSchemas.Export(ProfileToolsJsonContext.Default.InstallResult).GetProperty("properties");
        Assert.Equal("name, url or file", install.GetProperty("source_kind").GetProperty("description").GetString());
    }

    [Fact]
    public void Every_output_schema_is_an_object_schema_a_validator_accepts()
    {
        foreach (var tool in ToolCatalog.All)
        {
            Assert.Equal("object", tool.OutputSchema.GetProperty("type").GetString());
            Assert.Empty(SchemaAssert.Violations(tool.OutputSchema, JsonBuild.WithoutNulls(tool.Failure("it failed", null))));
        }
    }

    [Fact]
    public void A_result_that_breaks_its_schema_is_caught()
    {
        // The check the harnesses run on every result: a deliberately broken schema (terminal_id must be a number)
        // rejects a real launch result, naming the property.
        var broken = JsonDocument.Parse("""
            {"type":"object","properties":{"success":{"type":"boolean"},"terminal_id":{"type":"integer"}},"required":["success","terminal_id"]}
            """).RootElement;
        var result = SessionResults.Of(new LaunchResult(true, "ok", "cao-x", "abcd1234"));
        var violations = SchemaAssert.Violations(broken, result);
        Assert.Contains(violations, v => v.Contains("/terminal_id", StringComparison.Ordinal));
        Assert.Empty(SchemaAssert.Violations(OutputSchemas.Export(SessionsJsonContext.Default.LaunchResult), result));
    }
}
