using System.Text.Json;
using System.Text.RegularExpressions;
using CaoOps.Testing.Tests.Support;

namespace CaoOps.Testing.Tests;

/// <summary>
/// Replays captures 184–270 (flows, workflow specs and runs) of a real cao-server 2.4.1, in order, against one
/// double seeded like the capture rig. Status, content type and body must match; timestamps, generated session and
/// terminal ids, step fingerprints and the content hash of a sanitised source are masked; sessions that earlier
/// captures left behind (cao-init, cao-opts) are dropped from the expected lists, and a resumed run's Python
/// traceback is compared by its last line. Steps the rig did between captures are done here through the API or
/// the double's test hooks (marked "off-capture").
/// </summary>
public sealed partial class FlowWorkflowReplayTests
{
    private static readonly string[] RigSessions = ["cao-init", "cao-opts"];

    [Fact]
    public async Task Replaying_flow_and_workflow_captures_in_order_reproduces_status_and_body()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { CreateDelay = TimeSpan.FromMilliseconds(20), WorkerDelay = TimeSpan.FromMilliseconds(20) });
        using var http = Http.Client(server);
        var captures = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Captures", "FlowsWorkflows"), "*.txt")
            .Select(CaoCapture.Load)
            .OrderBy(c => int.Parse(c.Name[..c.Name.IndexOf('-')]))
            .ToList();
        Assert.Equal(87, captures.Count);

        foreach (var capture in captures)
        {
            var number = int.Parse(capture.Name[..capture.Name.IndexOf('-')]);
            await OffCaptureStepsAsync(server, http, number);
            var expected = Normalise(capture.ResponseBody, capture.Name);
            RawResponse response;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (true)
            {
                response = await RawHttp.SendAsync(server, capture.Method, capture.Target, capture.RequestHeaders, capture.RequestBody, host: "127.0.0.1:9889");

                // Reads may race the double's background work (a run's next step, a flow's worker): poll until they settle.
                if (capture.Method != "GET" || (response.Status == capture.Status && Normalise(response.Text, capture.Name) == expected) || DateTime.UtcNow > deadline)
                {
                    break;
                }

                await Task.Delay(20);
            }

            Assert.True(capture.Status == response.Status, $"{capture.Name}: status {response.Status}, expected {capture.Status}; body {response.Text}");
            Assert.Equal(capture.ContentType, response.Header("content-type"));
            Assert.True(expected == Normalise(response.Text, capture.Name), $"{capture.Name}:\nexpected {expected}\nactual   {Normalise(response.Text, capture.Name)}");
        }
    }

    /// <summary>What the capture rig did between two captures without recording it.</summary>
    private static async Task OffCaptureStepsAsync(CaoApiDouble server, HttpClient http, int next)
    {
        switch (next)
        {
            case 197:
                // The rig made the flow's agent busy before running the flow a third time.
                var session = Http.Json((await Http.GetAsync(http, "/sessions/cao-flow-nightly-check")).Body);
                server.SetTerminalStatus(session.GetProperty("terminals")[0].GetProperty("id").GetString()!, "processing");
                break;
            case 212:
                Assert.Equal(200, (await Http.DeleteAsync(http, "/flows/templated")).Status);
                break;
            case 215:
                foreach (var workflow in CaptureWorkflows.All)
                {
                    server.SeedWorkflow(workflow);
                }

                break;
            case 229:
            case 231:
            case 232:
                await server.AdvanceWorkflowRunAsync("ops-run-1");
                break;
            case 270:
                foreach (var run in new[] { "ops-run-long", "ops-run-inputs", "ops-run-blocking" })
                {
                    Assert.Equal(204, (await Http.DeleteAsync(http, $"/workflows/runs/{run}")).Status);
                }

                break;
        }
    }

    private static string Normalise(string body, string capture)
    {
        var text = Timestamp().Replace(body, "<TS>");
        text = SqlTimestamp().Replace(text, "<TS>");
        text = Fingerprint().Replace(text, "v2:<HASH>");
        text = ContentHash().Replace(text, "\"content_hash\":\"<HASH>\"");
        text = StepSession().Replace(text, "cao-<HEX>");
        text = TerminalId().Replace(text, "\"id\":\"<HEX>\"");
        text = Window().Replace(text, "developer-<HEX>");
        if (capture.Contains("sessions-list", StringComparison.Ordinal))
        {
            text = WithoutRigSessions(text);
        }

        return capture.StartsWith("252-", StringComparison.Ordinal) ? LastTracebackLine().Replace(text, "\"warnings\":[\"…$1\"]") : text;
    }

    private static string WithoutRigSessions(string list)
    {
        using var document = JsonDocument.Parse(list);
        var kept = document.RootElement.EnumerateArray().Where(s => !RigSessions.Contains(s.GetProperty("name").GetString())).Select(s => s.GetRawText());
        return "[" + string.Join(",", kept) + "]";
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}")]
    private static partial Regex SqlTimestamp();

    [GeneratedRegex("v2:[0-9a-f]{64}")]
    private static partial Regex Fingerprint();

    [GeneratedRegex("\"content_hash\":\"[0-9a-f]{64}\"")]
    private static partial Regex ContentHash();

    [GeneratedRegex("cao-[0-9a-f]{8}\\b")]
    private static partial Regex StepSession();

    [GeneratedRegex("\"id\":\"[0-9a-f]{8}\"")]
    private static partial Regex TerminalId();

    [GeneratedRegex("developer-[0-9a-f]{4}")]
    private static partial Regex Window();

    [GeneratedRegex("\"warnings\":\\[\"Traceback.*\\\\n(cao_workflow[^\"]*)\"\\]")]
    private static partial Regex LastTracebackLine();
}
