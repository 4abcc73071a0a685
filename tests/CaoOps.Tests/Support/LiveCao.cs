using CaoOps.Cao;
using CaoOps.Testing;

namespace CaoOps.Tests.Support;

/// <summary>The CAO API double on loopback and a real <see cref="CaoClient"/> pointed at it.</summary>
internal sealed class LiveCao : IAsyncDisposable
{
    private LiveCao(CaoApiDouble api, CaoClient client)
    {
        Api = api;
        Client = client;
    }

    public CaoApiDouble Api { get; }

    public CaoClient Client { get; }

    public static async Task<LiveCao> StartAsync(CaoApiDoubleOptions? options = null)
    {
        var api = await CaoApiDouble.StartAsync(options);
        return new LiveCao(api, new CaoClient(new CaoSettings { BaseUrl = new Uri(api.BaseAddress) }));
    }

    /// <summary>A client for a loopback port nothing listens on.</summary>
    public static CaoClient Unreachable() => new(new CaoSettings { BaseUrl = new Uri("http://127.0.0.1:1") });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
    }
}
