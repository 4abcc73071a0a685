using System.Text.Json;
using System.Text.RegularExpressions;
using CaoOps.Testing.Tests.Support;

namespace CaoOps.Testing.Tests;

/// <summary>
/// Replays all 51 captured exchanges of a real cao-server 2.4.1, in order, against one double and
/// compares status, content type and body byte for byte. Server-generated ids, window names and
/// session names are learnt from the 201 answers and substituted; only timestamps are masked.
/// </summary>
public sealed partial class CaptureReplayTests
{
    [Fact]
    public async Task Replaying_every_capture_in_order_reproduces_status_and_body()
    {
        await using var server = await CaoApiDouble.StartAsync();
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var captures = CaoCapture.LoadAll();
        Assert.Equal(51, captures.Count);

        foreach (var capture in captures)
        {
            if (capture.Method == "GET")
            {
                await WaitUntilQuietAsync(server, map);
            }

            var response = await RawHttp.SendAsync(
                server,
                capture.Method,
                Apply(map, capture.Target),
                capture.RequestHeaders,
                capture.RequestBody,
                host: "127.0.0.1:9889");

            if (response.Status == 201)
            {
                Learn(map, capture.ResponseBody, response.Text);
            }

            Assert.True(capture.Status == response.Status, $"{capture.Name}: status {response.Status}, expected {capture.Status}; body {response.Text}");
            Assert.Equal(capture.ContentType, response.Header("content-type"));
            Assert.True(
                MaskTimestamps(Apply(map, capture.ResponseBody)) == MaskTimestamps(response.Text),
                $"{capture.Name}:\nexpected {Apply(map, capture.ResponseBody)}\nactual   {response.Text}");
        }
    }

    [Theory]
    [InlineData("05-session-create-probe1")]
    [InlineData("07-session-create-probe2-initial-message")]
    [InlineData("48-session-create-no-name")]
    public async Task Created_terminals_have_the_captured_shape(string name)
    {
        await using var server = await CaoApiDouble.StartAsync();
        var capture = CaoCapture.Load(Path.Combine(AppContext.BaseDirectory, "Captures", name + ".txt"));
        var response = await RawHttp.SendAsync(server, capture.Method, capture.Target, capture.RequestHeaders, capture.RequestBody);

        Assert.Equal(201, response.Status);
        using var expected = JsonDocument.Parse(capture.ResponseBody);
        using var actual = JsonDocument.Parse(response.Text);
        Assert.Equal(
            expected.RootElement.EnumerateObject().Select(p => p.Name),
            actual.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Matches("^[0-9a-f]{8}$", actual.RootElement.GetProperty("id").GetString());
        Assert.Matches("^developer-[0-9a-f]{4}$", actual.RootElement.GetProperty("name").GetString());
        Assert.Equal(expected.RootElement.GetProperty("status").GetString(), actual.RootElement.GetProperty("status").GetString());
        Assert.Matches(name.Contains("no-name", StringComparison.Ordinal) ? "^cao-[0-9a-f]{8}$" : "^cao-probe[12]$", actual.RootElement.GetProperty("session_name").GetString());
    }

    private static async Task WaitUntilQuietAsync(CaoApiDouble server, Dictionary<string, string> map) =>
        await Poll.UntilAsync(
            () => map.Values.Where(v => TerminalId().IsMatch(v)).All(id => server.GetTerminalStatus(id) is null or "idle" or "completed"),
            what: "all terminals idle or completed");

    private static void Learn(Dictionary<string, string> map, string expectedBody, string actualBody)
    {
        using var expected = JsonDocument.Parse(expectedBody);
        using var actual = JsonDocument.Parse(actualBody);
        foreach (var key in new[] { "id", "name", "session_name" })
        {
            var e = expected.RootElement.GetProperty(key).GetString()!;
            var a = actual.RootElement.GetProperty(key).GetString()!;
            if (e != a)
            {
                map[e] = a;
            }
        }
    }

    private static string Apply(Dictionary<string, string> map, string text) =>
        map.Aggregate(text, (current, pair) => current.Replace(pair.Key, pair.Value, StringComparison.Ordinal));

    private static string MaskTimestamps(string text) => Timestamp().Replace(text, "<TS>");

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?")]
    private static partial Regex Timestamp();

    [GeneratedRegex("^[0-9a-f]{8}$")]
    private static partial Regex TerminalId();
}
