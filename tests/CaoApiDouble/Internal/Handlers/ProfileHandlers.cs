using CaoOps.Testing.Internal.State;

namespace CaoOps.Testing.Internal.Handlers;

/// <summary><c>GET /agents/profiles</c>, <c>GET /agents/profiles/search</c> and <c>GET /agents/profiles/{name}</c>.</summary>
internal sealed class ProfileHandlers
{
    private readonly CaoState _state;

    public ProfileHandlers(ServerContext ctx) => _state = ctx.State;

    public Task<ApiResponse> List(ApiRequest request)
    {
        lock (_state.Gate)
        {
            var list = _state.Profiles.Values
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(ProfileViews.ListEntry)
                .ToList();
            return Task.FromResult(ApiResponse.Json(200, list));
        }
    }

    public Task<ApiResponse> Get(ApiRequest request)
    {
        var name = request.PathParams["name"];
        if (NameRules.AgentNameError(name) is { } invalid)
        {
            return Task.FromResult(ApiResponse.Detail(400, invalid));
        }

        lock (_state.Gate)
        {
            return Task.FromResult(_state.Profiles.TryGetValue(name, out var profile)
                ? ApiResponse.Json(200, ProfileViews.Detail(profile))
                : ApiResponse.Detail(404, $"Agent profile not found: {name}"));
        }
    }

    public Task<ApiResponse> Search(ApiRequest request)
    {
        var p = new Params(request);
        var query = p.RequiredQuery("q");
        var limit = p.IntQuery("limit", required: false, defaultValue: 10, ge: 1, le: 100);
        if (p.HasErrors)
        {
            return Task.FromResult(p.ErrorResponse());
        }

        lock (_state.Gate)
        {
            var profiles = _state.Profiles.Values.OrderBy(x => x.Name, StringComparer.Ordinal).ToList();
            return Task.FromResult(ApiResponse.Json(200, ProfileSearch.Search(profiles, query!, (int)limit!.Value)));
        }
    }
}
