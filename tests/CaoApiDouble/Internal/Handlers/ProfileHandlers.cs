using CaoOps.Testing.Internal.State;

namespace CaoOps.Testing.Internal.Handlers;

/// <summary><c>GET /agents/profiles</c> and <c>GET /agents/profiles/{name}</c>.</summary>
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
}
