using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CaoOps.Cao;
using CaoOps.Cli.Run;
using CaoOps.Tools.Fleet;
using CaoOps.Tools.Terminals;
using static CaoOps.Cao.JsonFields;

namespace CaoOps.Cli;

/// <summary>
/// <c>cao-ops doctor [--json] [--junit FILE]</c>: is the configured cao-server reachable, healthy, does it accept our
/// credentials, and which API generation is it. Exit 0 when every check passes, 1 when one fails, 2 on configuration
/// errors. With <c>--deep [--provider P] [--profile NAME] [--timeout S]</c> it adds a real round trip (a throwaway session
/// with a minimal task, wait, read back, shut down) and exits with <c>cao-ops run</c>'s codes.
/// </summary>
internal static class DoctorCommand
{
    internal sealed record Check(string Name, bool Ok, string Detail);

    public static async Task<int> RunAsync(CliContext cli, CancellationToken ct)
    {
        var args = cli.Args.ToList();
        var json = args.Remove("--json");
        var deep = args.Remove("--deep");
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var flag in (string[])["--junit", "--provider", "--profile", "--timeout"])
        {
            var at = args.IndexOf(flag);
            if (at >= 0)
            {
                if (at + 1 >= args.Count || args[at + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return cli.Usage($"doctor: {flag} needs a value");
                }

                options[flag] = args[at + 1];
                args.RemoveRange(at, 2);
            }
        }

        if (!deep && options.Keys.FirstOrDefault(k => k != "--junit") is { } deepOnly)
        {
            return cli.Usage($"doctor: {deepOnly} applies to doctor --deep only");
        }

        var timeoutSeconds = DoctorRoundTrip.DefaultTimeoutSeconds;
        if (options.TryGetValue("--timeout", out var t) && (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out timeoutSeconds) || timeoutSeconds is < 1 or > RunLimits.MaxTimeoutSeconds))
        {
            return cli.Usage($"doctor: --timeout must be a whole number of seconds from 1 to {RunLimits.MaxTimeoutSeconds}, got '{t}'");
        }

        using var runtime = Runtime.Create(cli, args);
        if (runtime is null)
        {
            return CliContext.ExitUsage;
        }

        if (args.Count > 0)
        {
            return cli.Usage($"doctor: unexpected argument '{args[0]}'");
        }

        if (runtime.Fleet is { } fleet)
        {
            return deep || options.Count > 0
                ? cli.Usage("doctor: --deep and --junit check one cao-server, not a fleet")
                : await FleetReportAsync(cli, fleet, json, ct).ConfigureAwait(false);
        }

        var settings = runtime.Settings;
        var cao = runtime.Services.Cao;
        var claims = settings.Token is null ? null : TokenClaims.Read(settings.Token);
        var checks = new List<Check>();
        var clock = Stopwatch.StartNew();
        var health = await cao.SendAsync(new ApiRequest(HttpMethod.Get, "/health", "Health check"), ct).ConfigureAwait(false);
        var latency = clock.Elapsed.TotalMilliseconds;
        string? backend = null;
        if (!health.Ok)
        {
            checks.Add(new("reachable", false, health.Error!));
        }
        else
        {
            checks.Add(new("reachable", true, $"{cao.BaseAddress} answered in {latency.ToString("0.0", CultureInfo.InvariantCulture)} ms"));
            var status = Str(health.Json, "status");
            var service = Str(health.Json, "service");
            backend = Str(health.Json, "terminal_backend");
            checks.Add(status == "ok"
                ? new("healthy", true, $"{service ?? "service"} status ok{(backend is null ? string.Empty : $", terminal backend {backend}")}")
                : new("healthy", false, $"/health answered status '{status ?? "(none)"}' — check the cao-server log"));

            var sessions = await cao.SendAsync(new ApiRequest(HttpMethod.Get, "/sessions", "List sessions"), ct).ConfigureAwait(false);
            checks.Add(sessions.Ok
                ? new("auth", true, settings.Token is null ? "API answered without a token (auth off)" : "token accepted for reading")
                : new("auth", false, sessions.Error!));
            if (settings.Token is not null)
            {
                checks.Add(ScopeCheck(claims, settings, sessions.Ok));
            }

            // Profile routes arrived with CAO PR #166; an older server answers the generic 404.
            var probe = await cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("agents", "profiles", "cao-ops-doctor-probe"), "Profile route probe"), ct).ConfigureAwait(false);
            var routes = probe.Ok || probe.Detail != "Not Found";
            checks.Add(new("api", true, (backend is null ? "cao-server before 2.4 (no terminal_backend in /health)" : "cao-server 2.4 or later")
                + (routes ? ", profile routes present" : ", no profile routes (profile tools fall back to cao-ops' local engine)")));
        }

        RunResult? roundTrip = null;
        var started = DateTimeOffset.UtcNow;
        if (deep)
        {
            var (check, result) = await DoctorRoundTrip.RunAsync(cli, runtime.Services, checks.All(c => c.Ok), options.GetValueOrDefault("--profile"), options.GetValueOrDefault("--provider"), timeoutSeconds).ConfigureAwait(false);
            checks.Add(check);
            roundTrip = result;
        }

        var ok = checks.All(c => c.Ok);
        if (json)
        {
            cli.Out.WriteLine(JsonBuild.ToText(JsonBuild.Write(w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("ok", ok);
                w.WriteString("url", cao.BaseAddress);
                w.WriteString("version", ThisAssembly.Version);
                w.WriteBoolean("token_configured", settings.Token is not null);
                if (claims is not null)
                {
                    w.WriteStartObject("token");
                    w.WriteStartArray("scopes");
                    foreach (var scope in claims.Scopes)
                    {
                        w.WriteStringValue(scope);
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("allows");
                    foreach (var kind in claims.Allows())
                    {
                        w.WriteStringValue(kind);
                    }

                    w.WriteEndArray();
                    if (claims.ExpiresAt is { } expires)
                    {
                        w.WriteString("expires_at", expires.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    }

                    w.WriteEndObject();
                }

                w.WriteStartArray("checks");
                foreach (var c in checks)
                {
                    w.WriteStartObject();
                    w.WriteString("name", c.Name);
                    w.WriteBoolean("ok", c.Ok);
                    w.WriteString("detail", c.Detail);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (roundTrip is not null)
                {
                    w.WritePropertyName("round_trip");
                    DoctorRoundTrip.WriteJson(w, roundTrip);
                }

                w.WriteEndObject();
            }), indented: true));
        }
        else
        {
            cli.Out.WriteLine($"cao-ops {ThisAssembly.Version} → {cao.BaseAddress}{(settings.Token is null ? string.Empty : " (bearer token set)")}");
            foreach (var c in checks)
            {
                cli.Out.WriteLine($"  [{(c.Ok ? "ok" : "FAIL")}] {c.Name}: {c.Detail}");
            }

            cli.Out.WriteLine(ok ? "All checks passed." : "Some checks failed.");
        }

        if (options.TryGetValue("--junit", out var junit)
            && !DoctorRoundTrip.TryWriteJUnit(junit, started, checks, roundTrip, out var problem))
        {
            cli.Error.WriteLine($"cao-ops: doctor: {problem}");
        }

        return deep ? DoctorRoundTrip.ExitCode(checks, roundTrip) : ok ? CliContext.ExitOk : CliContext.ExitFailure;
    }

    /// <summary>doctor --fleet: every node's reachability and health, from list_nodes.</summary>
    private static async Task<int> FleetReportAsync(CliContext cli, IReadOnlyList<FleetNode> fleet, bool json, CancellationToken ct)
    {
        var outcome = await ToolRunner.RunAsync(ListNodesTool.Create(fleet), null, fleet[0].Services, null, ct).ConfigureAwait(false);
        var nodes = outcome.Result.GetProperty("nodes");
        var ok = nodes.EnumerateArray().All(n => n.GetProperty("reachable").GetBoolean());
        if (json)
        {
            cli.Out.WriteLine(JsonBuild.ToText(JsonBuild.Write(w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("ok", ok);
                w.WriteString("version", ThisAssembly.Version);
                w.WritePropertyName("nodes");
                nodes.WriteTo(w);
                w.WriteEndObject();
            }), indented: true));
        }
        else
        {
            cli.Out.WriteLine($"cao-ops {ThisAssembly.Version} → fleet of {fleet.Count} nodes");
            foreach (var n in nodes.EnumerateArray())
            {
                var sessions = n.GetProperty("session_count") is { ValueKind: JsonValueKind.Number } c ? $", {c.GetInt32()} sessions" : string.Empty;
                cli.Out.WriteLine($"  [{(n.GetProperty("reachable").GetBoolean() ? "ok" : "FAIL")}] {n.GetProperty("node").GetString()} {n.GetProperty("url").GetString()}: "
                    + $"{n.GetProperty("status").GetString()}{sessions} ({n.GetProperty("latency_ms").GetDouble().ToString("0.0", CultureInfo.InvariantCulture)} ms)");
            }

            cli.Out.WriteLine(ok ? "All nodes reachable." : "Some nodes are not reachable.");
        }

        return ok ? CliContext.ExitOk : CliContext.ExitFailure;
    }

    /// <summary>The token's scopes (from its JWT claims; never the token) and the kinds of tools they allow.</summary>
    private static Check ScopeCheck(TokenClaims? claims, CaoSettings settings, bool readWorked)
    {
        if (claims is null)
        {
            return new("scopes", true, $"the token in {settings.TokenVariable} is not a JWT, so its scopes cannot be read (a cao-server with auth on accepts only JWTs)");
        }

        if (claims.ExpiresAt is { } expires && expires <= DateTimeOffset.UtcNow)
        {
            return new("scopes", false, $"the token in {settings.TokenVariable} expired at {expires.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC: put a fresh one there");
        }

        var allows = claims.Allows();
        var scopes = claims.Scopes.Count == 0 ? "no scopes" : string.Join(' ', claims.Scopes);
        var detail = allows.Count switch
        {
            0 when readWorked => $"{scopes}: no cao:read, cao:write or cao:admin; cao-server answered anyway, so its auth is off",
            0 => $"{scopes}: no cao:read, cao:write or cao:admin, so cao-server refuses every gated route (403)",
            1 => $"{scopes}: read tools only (list, get, wait, output, inbox); launch_session, send_*, add_terminal and exit_terminal need cao:write, shutdown_session and delete_terminal need cao:admin",
            2 => $"{scopes}: read and write tools (launch, send, type, keys, add/exit terminals); shutdown_session and delete_terminal need cao:admin",
            _ => $"{scopes}: every tool (read, write and admin: shutdown_session, delete_terminal)",
        };
        return new("scopes", allows.Count > 0 || readWorked, detail);
    }
}
