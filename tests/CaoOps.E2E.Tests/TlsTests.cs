using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;

namespace CaoOps.E2E.Tests;

/// <summary>
/// OpenSSL is needed only for https:// URLs. Where it is installed an https URL to a closed port is simply unreachable;
/// where it is not (the linux-arm64 run under qemu with Debian's bare cross sysroot sets CAO_OPS_E2E_NO_OPENSSL=1) the
/// answer is an error that names OpenSSL. Never an abort: the runtime's "No usable version of libssl" path calls abort().
/// </summary>
public class TlsTests
{
    private static readonly bool NoOpenSsl = Environment.GetEnvironmentVariable("CAO_OPS_E2E_NO_OPENSSL") == "1";

    [Fact]
    public async Task Https_without_openssl_is_an_error_that_names_it_not_a_crash()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exit, stdout, stderr) = await CliProcess.RunAsync($"https://127.0.0.1:{port}", null, "call", "list_sessions");
        var output = stdout + stderr;
        Assert.Equal(1, exit); // a tool error, not 134 (SIGABRT) or a crash
        Assert.DoesNotContain("No usable version of libssl", output, StringComparison.Ordinal);
        if (NoOpenSsl)
        {
            Assert.Contains("https:// needs OpenSSL", output, StringComparison.Ordinal);
            Assert.Contains("use an http:// URL", output, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("not reachable", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Plain_http_needs_no_openssl_even_for_generated_names()
    {
        // launch_session without a session name draws a random name: before issue 18 that went through libcrypto and
        // aborted the process on a host without libssl.
        await using var api = await CaoApiDouble.StartAsync();
        var (exit, stdout, stderr) = await CliProcess.RunAsync(api.BaseAddress, null, "call", "launch_session", "--arg", "agent_profile=developer", "--arg", "provider=mock_cli");
        Assert.True(exit == 0, $"exit {exit}: {stdout}{stderr}");
        var name = JsonDocument.Parse(stdout).RootElement.GetProperty("session_name").GetString();
        Assert.Matches("^cao-[0-9a-f]{8}$", name);
    }
}
