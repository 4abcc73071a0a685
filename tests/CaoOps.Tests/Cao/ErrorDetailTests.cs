using System.Text;
using CaoOps.Cao;

namespace CaoOps.Tests.Cao;

public class ErrorDetailTests
{
    private static string Detail(int status, string body, string? type = "application/json") => ErrorDetail.From(status, Encoding.UTF8.GetBytes(body), type);

    [Fact]
    public void String_detail_is_used_as_is() =>
        Assert.Equal("Session 'cao-x' not found", Detail(404, "{\"detail\":\"Session 'cao-x' not found\"}"));

    [Fact]
    public void Message_is_used_when_detail_is_missing_or_empty()
    {
        Assert.Equal("boom", Detail(500, "{\"message\":\"boom\"}"));
        Assert.Equal("boom", Detail(500, "{\"detail\":\"\",\"message\":\"boom\"}"));
        Assert.Equal("boom", Detail(500, "{\"detail\":null,\"message\":\"boom\"}"));
    }

    [Fact]
    public void FastApi_validation_list_is_summarised_by_location()
    {
        var body = "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"query\",\"offset\"],\"msg\":\"Field required\",\"input\":null},{\"type\":\"missing\",\"loc\":[\"query\",\"length\"],\"msg\":\"Field required\",\"input\":null}]}";
        Assert.Equal("query.offset: Field required; query.length: Field required", Detail(422, body));
    }

    [Fact]
    public void Plain_text_400_is_the_detail() =>
        Assert.Equal("Invalid host header", Detail(400, "Invalid host header\n", "text/plain"));

    [Fact]
    public void Html_500_is_described_not_dumped()
    {
        var detail = Detail(500, "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html");
        Assert.StartsWith("HTTP 500 with an HTML page", detail);
        Assert.DoesNotContain("<h1>", detail);
    }

    [Fact]
    public void Invalid_json_body_falls_back_to_text() =>
        Assert.Equal("{\"detail\": \"trunc", Detail(500, "{\"detail\": \"trunc"));

    [Fact]
    public void Empty_body_gives_the_status() => Assert.Equal("HTTP 503", Detail(503, "   "));

    [Fact]
    public void Json_array_body_gives_its_text() => Assert.Equal("[1,2]", Detail(500, "[1,2]"));

    [Fact]
    public void Very_long_text_is_cut() => Assert.True(Detail(500, new string('x', 10_000), "text/plain").Length < 2100);
}
