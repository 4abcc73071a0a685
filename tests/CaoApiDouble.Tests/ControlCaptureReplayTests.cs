using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaoOps.Testing.Tests.Support;

namespace CaoOps.Testing.Tests;

/// <summary>
/// Replays the terminal-control captures of a real cao-server 2.4.1 (52–183 and 271–278, 297: providers, profile
/// search, launch options, added terminals, input, keys, exit, delete, inbox, output, working directory; then the
/// bearer-auth instance, 279–296) in the order they were recorded, against one double each, and compares status,
/// content type and body. Generated ids and names are learnt from 201 answers and terminal lists; timestamps are
/// masked. A GET is repeated until it matches (or 15 s pass), because the double's mock worker runs on its own clock
/// (echo 20 ms, one second of <c>__mock_sleep_N</c> = 150 ms) while the recording took minutes.
/// </summary>
public sealed partial class ControlCaptureReplayTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Replaying_the_terminal_control_captures_in_recorded_order_reproduces_them()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions
        {
            InstalledProviders = [], // capture 52: no provider binary on the recording server's PATH
            WorkerDelay = TimeSpan.FromMilliseconds(20),
            CreateDelay = TimeSpan.FromMilliseconds(50),
            MockSleepUnit = TimeSpan.FromMilliseconds(150),
        });
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var captures = Chronological("Control");
        Assert.Equal(141, captures.Count);

        foreach (var capture in captures)
        {
            if (capture.Name.StartsWith("177-", StringComparison.Ordinal))
            {
                // Not captured, described in cao-api-control.md §9: `cd sub` was typed into the exited agent's shell.
                var typed = await RawHttp.SendAsync(server, "POST", Apply(map, "/terminals/692bd691/input?message=cd+sub"), host: "127.0.0.1:9889");
                Assert.Equal(200, typed.Status);
            }

            if (capture.Name.StartsWith("297-", StringComparison.Ordinal))
            {
                // Not captured: the remaining sessions were deleted before the final listing.
                foreach (var name in new[] { "cao-init", "cao-opts" })
                {
                    Assert.Equal(200, (await RawHttp.SendAsync(server, "DELETE", "/sessions/" + name, host: "127.0.0.1:9889")).Status);
                }
            }

            await ReplayAsync(server, capture, map, "127.0.0.1:9889");
        }
    }

    [Fact]
    public async Task Replaying_the_bearer_auth_captures_reproduces_401_403_and_ungated_routes()
    {
        var captures = Chronological("Auth");
        Assert.Equal(18, captures.Count);
        string TokenOf(string prefix) => captures.Single(c => c.Name.StartsWith(prefix, StringComparison.Ordinal))
            .RequestHeaders.Single(h => h.Key == "Authorization").Value["Bearer ".Length..];

        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions
        {
            // The rig's tokens, treated as signed by its key (281 was signed by another key, so it is not listed).
            Tokens = [TokenOf("282-"), TokenOf("283-"), TokenOf("285-"), TokenOf("289-"), TokenOf("295-")],
            Audience = "http://127.0.0.1:9890",
            Issuer = "https://issuer.cao-test.local/",
            Clock = () => DateTimeOffset.Parse("2026-11-30T02:43:24Z", CultureInfo.InvariantCulture),
            InstalledProviders = [],
            CreateDelay = TimeSpan.FromMilliseconds(50),
        });
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var capture in captures)
        {
            var response = await ReplayAsync(server, capture, map, "127.0.0.1:9890");
            Assert.Equal(capture.Status == 401 ? "Bearer" : null, response.Header("www-authenticate"));
        }
    }

    private static async Task<RawResponse> ReplayAsync(CaoApiDouble server, Capture capture, Dictionary<string, string> map, string host)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var response = await RawHttp.SendAsync(server, capture.Method, Apply(map, capture.Target), capture.RequestHeaders, capture.RequestBody, host);
            if (response.Status == 201 && capture.Status == 201)
            {
                Learn(map, capture.ResponseBody, response.Text);
            }
            else if (response.Status == 200 && capture.Method == "GET")
            {
                LearnRows(map, capture.ResponseBody, response.Text);
            }

            var expected = MaskTimestamps(Apply(map, capture.ResponseBody));
            var actual = MaskTimestamps(response.Text);
            var same = capture.Status == response.Status && capture.ContentType == response.Header("content-type")
                && (expected == actual || (SanitisedRange(capture) && SameRange(expected, actual)));
            if (same)
            {
                return response;
            }

            if (capture.Method != "GET" || DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{capture.Name}: status {response.Status} (expected {capture.Status}), content type {response.Header("content-type")}\nexpected {expected}\nactual   {actual}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// 170/171 read byte ranges of the log, but the captures' paths were shortened afterwards (by 4 bytes), so the
    /// recorded slice and the double's slice of the same offsets overlap (one contains the other) instead of being equal.
    /// </summary>
    private static bool SanitisedRange(Capture capture) => capture.Name.StartsWith("170-", StringComparison.Ordinal) || capture.Name.StartsWith("171-", StringComparison.Ordinal);

    private static bool SameRange(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        return e.RootElement.EnumerateObject().Select(p => p.Name).SequenceEqual(a.RootElement.EnumerateObject().Select(p => p.Name))
            && new[] { "terminal_id", "offset", "length" }.All(k => e.RootElement.GetProperty(k).GetRawText() == a.RootElement.GetProperty(k).GetRawText())
            && (a.RootElement.GetProperty("data").GetString()!.Contains(e.RootElement.GetProperty("data").GetString()!, StringComparison.Ordinal)
                || e.RootElement.GetProperty("data").GetString()!.Contains(a.RootElement.GetProperty("data").GetString()!, StringComparison.Ordinal));
    }

    /// <summary>The captures of one folder, in recording order (the numbering groups them by topic instead).</summary>
    private static List<Capture> Chronological(string folder) =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Captures", folder), "*.txt")
            .Select(path => new Capture(CaoCapture.Load(path), RecordedAt(path), int.Parse(Path.GetFileName(path).Split('-')[0], CultureInfo.InvariantCulture)))
            .OrderBy(c => c.At).ThenBy(c => c.Number)];

    private static string RecordedAt(string path) => Recorded().Match(File.ReadLines(path).First()).Value;

    private static void Learn(Dictionary<string, string> map, string expectedBody, string actualBody)
    {
        using var expected = JsonDocument.Parse(expectedBody);
        using var actual = JsonDocument.Parse(actualBody);
        foreach (var key in new[] { "id", "name", "session_name" })
        {
            Map(map, expected.RootElement.GetProperty(key).GetString()!, actual.RootElement.GetProperty(key).GetString()!);
        }
    }

    /// <summary>Terminal rows first seen in a list (the memory-manager sidecar never appears in a 201).</summary>
    private static void LearnRows(Dictionary<string, string> map, string expectedBody, string actualBody)
    {
        using var expected = JsonDocument.Parse(expectedBody);
        using var actual = JsonDocument.Parse(actualBody);
        var e = expected.RootElement.ValueKind == JsonValueKind.Object && expected.RootElement.TryGetProperty("terminals", out var et) ? et : expected.RootElement;
        var a = actual.RootElement.ValueKind == JsonValueKind.Object && actual.RootElement.TryGetProperty("terminals", out var at) ? at : actual.RootElement;
        if (e.ValueKind != JsonValueKind.Array || a.ValueKind != JsonValueKind.Array || e.GetArrayLength() != a.GetArrayLength())
        {
            return;
        }

        foreach (var (row, other) in e.EnumerateArray().Zip(a.EnumerateArray()))
        {
            foreach (var key in new[] { "id", "tmux_window" })
            {
                if (row.ValueKind == JsonValueKind.Object && row.TryGetProperty(key, out var ev) && ev.ValueKind == JsonValueKind.String
                    && other.TryGetProperty(key, out var av) && av.ValueKind == JsonValueKind.String && !map.ContainsKey(ev.GetString()!))
                {
                    Map(map, ev.GetString()!, av.GetString()!);
                }
            }
        }
    }

    private static void Map(Dictionary<string, string> map, string expected, string actual)
    {
        if (expected != actual)
        {
            map[expected] = actual;
        }
    }

    private static string Apply(Dictionary<string, string> map, string text) =>
        map.Aggregate(text, (current, pair) => current.Replace(pair.Key, pair.Value, StringComparison.Ordinal));

    private static string MaskTimestamps(string text) => Timestamp().Replace(text, "<TS>");

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")]
    private static partial Regex Recorded();

    private sealed record Capture(CaoCapture Raw, string At, int Number)
    {
        public string Name => Raw.Name;

        public string Method => Raw.Method;

        public string Target => Raw.Target;

        public IReadOnlyList<KeyValuePair<string, string>> RequestHeaders => Raw.RequestHeaders;

        public byte[]? RequestBody => Raw.RequestBody;

        public int Status => Raw.Status;

        public string? ContentType => Raw.ContentType;

        public string ResponseBody => Raw.ResponseBody;
    }
}
