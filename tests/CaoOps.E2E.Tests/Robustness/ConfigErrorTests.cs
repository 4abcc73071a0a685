using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;

namespace CaoOps.E2E.Tests.Robustness;

/// <summary>
/// Configuration and argument errors are reported as such (exit 2 at start-up, or a tool error), never as
/// "This is a cao-ops bug"; values with control characters and passwords in URLs are never printed.
/// </summary>
public class ConfigErrorTests
{
    private const string Bug = "cao-ops bug";

    [Theory]
    [InlineData("CAO_AUTH_LOCAL_TOKEN", "tok\r\nX-Injected: yes")]
    [InlineData("CAO_API_TOKEN", "tok\nX-Injected: yes")]
    [InlineData("CAO_API_URL", "http://127.0.0.1:9/\r\nX-Injected: yes")]
    [InlineData("CAO_API_HOST", "127.0.0.1\r\nX-Injected: yes")]
    public async Task Control_characters_in_a_token_or_url_are_refused_at_start_up(string variable, string value)
    {
        foreach (var args in new[] { new[] { "mcp" }, ["call", "list_sessions"], ["doctor"] })
        {
            var (exit, stdout, stderr) = await CliProcess.RunAsync(string.Empty, new() { [variable] = value }, args); // no CAO_API_URL: CAO_API_HOST is read
            Assert.True(exit == 2, $"{string.Join(' ', args)}: exit {exit}; stderr: {stderr}");
            Assert.Contains($"{variable} contains control characters (", stderr + stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("X-Injected", stderr + stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(Bug, stderr + stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_password_in_the_url_is_masked_in_the_error()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync("http://admin:hunter2@127.0.0.1:9889", null, "mcp");
        Assert.Equal(2, exit);
        Assert.Contains("http://***@127.0.0.1:9889", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", stderr + stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("admin", stderr + stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_in_a_fleet_url_is_masked_in_the_error()
    {
        var fleet = Path.Combine(Path.GetTempPath(), $"cao-ops-fleet-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(fleet, """{"machines":[{"name":"a","url":"https://ops:hunter2@cao.example:9889"}]}""");
        try
        {
            var (exit, stdout, stderr) = await CliProcess.RunAsync("http://127.0.0.1:9", new() { ["CAO_FLEET"] = fleet }, "mcp");
            Assert.Equal(2, exit);
            Assert.Contains("https://***@cao.example:9889", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", stderr + stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(fleet);
        }
    }

    [Theory]
    [InlineData("find_profiles", "query", 1_000_000, "the limit is 1,024")]
    [InlineData("send_session_message", "message", 1_000_000, "the limit is 60,000")]
    [InlineData("launch_session", "initial_message", 200_000, "the limit is 100,000")]
    [InlineData("get_session_info", "session_name", 5_000, "the limit is 1,024")]
    public async Task Over_long_arguments_are_tool_errors_before_any_request(string tool, string argument, int length, string says)
    {
        await using var api = await CaoApiDouble.StartAsync();
        var args = new Dictionary<string, object> { [argument] = new string('a', length) };
        if (tool == "send_session_message")
        {
            args["terminal_id"] = "deadbeef";
        }
        else if (tool == "launch_session")
        {
            args["agent_profile"] = "developer";
        }

        var file = Path.Combine(Path.GetTempPath(), $"cao-ops-args-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(args));
        (int Exit, string Out, string Err) run;
        try
        {
            run = await CliProcess.RunAsync(api.BaseAddress, null, "call", tool, "--json", "@" + file);
        }
        finally
        {
            File.Delete(file);
        }

        var (exit, stdout, stderr) = run;
        Assert.True(exit == 1, $"exit {exit}: {stderr}");
        using var doc = JsonDocument.Parse(stdout);
        var message = doc.RootElement.GetProperty("message").GetString()!;
        Assert.StartsWith($"Invalid arguments for {tool}: '{argument}' is {length:N0} characters; {says}", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Bug, stdout + stderr, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task A_connection_reset_is_a_tool_error_not_a_bug()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var resetter = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                var buffer = new byte[1024];
                _ = await client.GetStream().ReadAsync(buffer, stop.Token);
                client.LingerState = new LingerOption(true, 0); // close with RST
                client.Close();
            }
        });
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var (exit, stdout, stderr) = await CliProcess.RunAsync($"http://127.0.0.1:{port}", new() { ["CAO_OPS_WAIT_OUTAGE"] = "0" }, "call", "list_sessions");
        await stop.CancelAsync();
        Assert.Equal(1, exit);
        Assert.Contains("closed the connection", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Bug, stdout + stderr, StringComparison.Ordinal);
        try
        {
            await resetter;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
