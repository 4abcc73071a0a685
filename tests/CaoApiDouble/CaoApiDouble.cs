using System.Globalization;
using System.Net;
using CaoOps.Testing.Internal;
using CaoOps.Testing.Internal.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CaoOps.Testing;

/// <summary>
/// An in-process test double of the cao-server 2.4.1 HTTP API on a loopback Kestrel listener,
/// with a mock worker, request recording, state seeding and fault injection.
/// </summary>
public sealed partial class CaoApiDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly CaoState _state;
    private readonly RequestRecorder _recorder;
    private readonly FaultInjector _faults;
    private readonly CaoApiDoubleOptions _options;
    private int _disposed;

    private CaoApiDouble(CaoApiDoubleOptions options, WebApplication app, CancellationTokenSource stopping, CaoState state, RequestRecorder recorder, FaultInjector faults, string baseAddress)
    {
        _options = options;
        _app = app;
        _stopping = stopping;
        _state = state;
        _recorder = recorder;
        _faults = faults;
        BaseAddress = baseAddress;
        BaseUrl = new Uri(baseAddress);
    }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The base address without a trailing slash, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseAddress { get; }

    /// <summary>The bound TCP port.</summary>
    public int Port => BaseUrl.Port;

    /// <summary>Every request received so far (including rejected ones), in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _recorder.Snapshot();

    /// <summary>Names of all sessions (including non-<c>cao-</c> ones), sorted.</summary>
    public IReadOnlyList<string> SessionNames
    {
        get
        {
            lock (_state.Gate)
            {
                return [.. _state.Sessions.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Starts a double listening on <see cref="CaoApiDoubleOptions.Host"/>:<see cref="CaoApiDoubleOptions.Port"/>.</summary>
    public static async Task<CaoApiDouble> StartAsync(CaoApiDoubleOptions? options = null)
    {
        options ??= new CaoApiDoubleOptions();
        var address = IPAddress.Parse(options.Host);
        var stopping = new CancellationTokenSource();
        var state = new CaoState(options.WorkerDelay, options.MockSleepUnit, stopping.Token);
        var recorder = new RequestRecorder(options.RecordRequests);
        var faults = new FaultInjector();
        var context = new ServerContext(options, state, stopping.Token);
        var pipeline = new Pipeline(context, new RouteTable(context), recorder, faults);

        // An empty builder: no configuration sources (no appsettings.json, no ASPNETCORE_URLS), no logging,
        // so nothing from the host process can add endpoints or noise.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(CaoApiDouble).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBufferSize = 32 * 1024 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024 * 1024;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            kestrel.Listen(address, options.Port);
        });

        var app = builder.Build();
        app.Run(pipeline.HandleAsync);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            stopping.Dispose();
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound).Port;
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{options.Host}]" : options.Host;
        var baseAddress = $"http://{host}:{port.ToString(CultureInfo.InvariantCulture)}";
        context.BaseAddress = baseAddress;
        return new CaoApiDouble(options, app, stopping, state, recorder, faults, baseAddress);
    }

    /// <summary>Forgets every recorded request.</summary>
    public void ClearRequests() => _recorder.Clear();

    /// <summary>Polls the recorded requests until one matches; throws <see cref="TimeoutException"/> at the deadline.</summary>
    public Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> match, TimeSpan timeout) =>
        _recorder.WaitForAsync(match, timeout);

    /// <summary>A JWT-shaped bearer token for <see cref="CaoApiDoubleOptions.Tokens"/> (unsigned: the double trusts its list).</summary>
    /// <param name="scope">Space-separated scopes, e.g. <c>"cao:read cao:write"</c>.</param>
    /// <param name="expires">The <c>exp</c> claim; default one hour from now.</param>
    /// <param name="audience">The <c>aud</c> claim; null leaves it out.</param>
    public static string MakeToken(string scope, DateTimeOffset? expires = null, string? audience = null) =>
        Internal.Auth.Jwt.Make(scope, expires ?? DateTimeOffset.UtcNow.AddHours(1), audience);

    /// <summary>Creates a session (name used as-is) with one terminal; returns the terminal id.</summary>
    public string SeedSession(string sessionName, string agentProfile = "developer", string provider = "mock_cli", string status = "idle", AgentScript? agent = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionName);
        lock (_state.Gate)
        {
            if (_state.Sessions.ContainsKey(sessionName))
            {
                throw new InvalidOperationException($"Session '{sessionName}' already exists");
            }

            var session = new SessionRecord { Name = sessionName };
            _state.Sessions[sessionName] = session;
            return AddTerminalLocked(session, agentProfile, provider, status, agent);
        }
    }

    /// <summary>Adds a terminal to an existing session; returns its id.</summary>
    public string AddTerminal(string sessionName, string agentProfile = "developer", string provider = "mock_cli", string status = "idle", AgentScript? agent = null)
    {
        lock (_state.Gate)
        {
            if (!_state.Sessions.TryGetValue(sessionName, out var session))
            {
                throw new InvalidOperationException($"Session '{sessionName}' not found");
            }

            return AddTerminalLocked(session, agentProfile, provider, status, agent);
        }
    }

    /// <summary>Changes how a terminal's agent reacts to input and keys from now on (see <see cref="AgentScript"/>).</summary>
    public void SetAgentScript(string terminalId, AgentScript agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        lock (_state.Gate)
        {
            RequireTerminal(terminalId).Script = agent;
        }
    }

    /// <summary>What <c>mode=full</c> returns now (the rolling buffer since the last input).</summary>
    public string GetTerminalBuffer(string terminalId)
    {
        lock (_state.Gate)
        {
            return RequireTerminal(terminalId).Buffer.ToString();
        }
    }

    /// <summary>
    /// Forces a terminal's status. Cancels in-flight mock work; "idle"/"completed" delivers the oldest pending inbox message.
    /// </summary>
    public void SetTerminalStatus(string terminalId, string status)
    {
        lock (_state.Gate)
        {
            _state.ForceStatusLocked(RequireTerminal(terminalId), status);
        }
    }

    /// <summary>
    /// Replaces what <c>mode=full</c> (and <c>/output/range</c>) returns; <paramref name="lastOutput"/> is what
    /// <c>mode=last</c> returns (defaults to <paramref name="fullOutput"/>).
    /// </summary>
    public void SetTerminalOutput(string terminalId, string fullOutput, string? lastOutput = null)
    {
        ArgumentNullException.ThrowIfNull(fullOutput);
        lock (_state.Gate)
        {
            var terminal = RequireTerminal(terminalId);
            terminal.Buffer.Clear().Append(fullOutput);
            terminal.Log.Clear().Append(fullOutput);
            terminal.LastOutput = lastOutput ?? fullOutput;
        }
    }

    /// <summary>The terminal's current status, or null when it does not exist.</summary>
    public string? GetTerminalStatus(string terminalId)
    {
        lock (_state.Gate)
        {
            return _state.Terminals.TryGetValue(terminalId, out var terminal) ? terminal.Status : null;
        }
    }

    /// <summary>Adds (or overrides) a profile in the local agent store: it appears in list, get and install.</summary>
    public void AddProfile(string name, string description = "", string? provider = null, string systemPrompt = "…")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_state.Gate)
        {
            var builtIn = _state.Profiles.TryGetValue(name, out var existing) && existing.BuiltIn;
            _state.Profiles[name] = new ProfileRecord
            {
                Name = name,
                Description = description,
                Provider = provider,
                SystemPrompt = systemPrompt,
                Local = true,
                BuiltIn = builtIn,
                Installed = existing?.Installed ?? false,
            };
        }
    }

    /// <summary>Adds a fault rule; the first matching rule (in insertion order) answers instead of the normal handler.</summary>
    public void AddFault(FaultRule rule) => _faults.Add(rule);

    /// <summary>Removes every fault rule.</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>Stops the listener and the mock worker; hung requests are aborted. Finishes well under 2 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1.5)))
        {
            try
            {
                await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // connections still open after the grace period are dropped by DisposeAsync below
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private TerminalRecord RequireTerminal(string terminalId) =>
        _state.Terminals.TryGetValue(terminalId, out var terminal)
            ? terminal
            : throw new KeyNotFoundException($"Terminal '{terminalId}' not found");

    private string AddTerminalLocked(SessionRecord session, string agentProfile, string provider, string status, AgentScript? agent)
    {
        var profile = _state.Profiles.GetValueOrDefault(agentProfile);
        var terminal = _state.AddTerminalLocked(session, new TerminalSpec(agentProfile, provider, status)
        {
            AllowedTools = ProfileViews.AllowedTools(profile),
            WorkingDirectory = _options.DefaultWorkingDirectory,
        });
        terminal.Script = agent ?? AgentScript.MockCli;
        return terminal.Id;
    }
}
