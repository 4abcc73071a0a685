using CaoOps.Cao;
using ModelContextProtocol.Protocol;

namespace CaoOps.Resources;

/// <summary>
/// completion/complete: live session names, terminal ids, profiles and providers from cao-server, filtered by what
/// was typed. Each list is read within <see cref="Deadline"/> and reused for <see cref="Fresh"/>; when cao-server is
/// down or slow the answer is an empty list, never an error.
/// </summary>
internal sealed class Completions
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1.5);
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(2);

    private static readonly string[] AttentionOrder = ["waiting_user_answer", "error"];

    private readonly Cached<Overview?> _overview;
    private readonly Cached<IReadOnlyList<string>> _sessions;
    private readonly Cached<IReadOnlyList<string>> _profiles;
    private readonly Cached<IReadOnlyList<string>> _providers;
    private readonly Func<string, bool> _promptVisible;

    public Completions(CaoClient cao, Func<string, bool> promptVisible, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        _promptVisible = promptVisible;
        _overview = new(async () => (await CaoReads.OverviewAsync(cao, Deadline, CancellationToken.None).ConfigureAwait(false)).View, Fresh, time);
        _sessions = new(async () => Names(await CaoReads.SessionsAsync(cao, Deadline, CancellationToken.None).ConfigureAwait(false)), Fresh, time);
        _profiles = new(async () => Names(await CaoReads.ProfilesAsync(cao, Deadline, CancellationToken.None).ConfigureAwait(false)), Fresh, time);
        _providers = new(async () => InstalledFirst(await CaoReads.ProvidersAsync(cao, Deadline, CancellationToken.None).ConfigureAwait(false)), Fresh, time);
    }

    public async Task<CompleteResult> CompleteAsync(CompleteRequestParams? request, CancellationToken ct)
    {
        if (request?.Argument is not { Name: { } argument } typed)
        {
            return new CompleteResult { Completion = CompletionFilter.Empty };
        }

        try
        {
            var candidates = await CandidatesAsync(request.Ref, argument).WaitAsync(Deadline + TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
            return new CompleteResult { Completion = CompletionFilter.Apply(candidates, typed.Value) };
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // completion is best effort: any failure is an empty list
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.Debug($"completion for '{argument}' gave nothing: {ex.Message}");
            return new CompleteResult { Completion = CompletionFilter.Empty };
        }
    }

    private Task<IReadOnlyList<string>> CandidatesAsync(Reference? reference, string argument) => (reference, argument) switch
    {
        (ResourceTemplateReference { Uri: CaoUri.SessionTemplate }, "session_name") => _sessions.GetAsync(),
        (ResourceTemplateReference { Uri: CaoUri.TerminalTemplate or CaoUri.OutputTemplate }, "terminal_id") => TerminalIdsAsync(),
        (PromptReference { Name: "delegate_task" }, "agent_profile") when _promptVisible("delegate_task") => _profiles.GetAsync(),
        (PromptReference { Name: "delegate_task" }, "provider") when _promptVisible("delegate_task") => _providers.GetAsync(),
        (PromptReference { Name: "unblock_terminal" }, "terminal_id") when _promptVisible("unblock_terminal") => TerminalIdsAsync(),
        _ => Task.FromResult<IReadOnlyList<string>>([]),
    };

    /// <summary>Terminal ids, those waiting for an answer or in error first.</summary>
    private async Task<IReadOnlyList<string>> TerminalIdsAsync()
    {
        var view = await _overview.GetAsync().ConfigureAwait(false);
        return view is null ? [] : [.. view.Terminals.OrderBy(t => Rank(t.Status)).Select(t => t.Id)];
    }

    private static int Rank(string? status)
    {
        var i = Array.IndexOf(AttentionOrder, status);
        return i < 0 ? AttentionOrder.Length : i;
    }

    private static IReadOnlyList<string> Names(ApiResponse response) => response.Ok ? CaoReads.Names(response.Json) : [];

    /// <summary>Provider names, those whose CLI is installed on the cao-server host first.</summary>
    private static IReadOnlyList<string> InstalledFirst(ApiResponse response) =>
        !response.Ok ? [] : [.. CaoReads.Names(response.Json, Installed), .. CaoReads.Names(response.Json, p => !Installed(p))];

    private static bool Installed(System.Text.Json.JsonElement provider) =>
        provider.TryGetProperty("installed", out var i) && i.ValueKind == System.Text.Json.JsonValueKind.True;
}
