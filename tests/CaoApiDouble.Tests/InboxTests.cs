using static CaoOps.Testing.Tests.Support.Http;

namespace CaoOps.Testing.Tests;

/// <summary>Inbox parameters and listing.</summary>
public sealed class InboxTests
{
    [Fact]
    public async Task Inbox_listing_validates_limit_and_status()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);

        Assert.Equal(
            (422, "{\"detail\":[{\"type\":\"less_than_equal\",\"loc\":[\"query\",\"limit\"],\"msg\":\"Input should be less than or equal to 100\",\"input\":\"101\",\"ctx\":{\"le\":100}}]}"),
            await GetAsync(http, "/terminals/deadbeef/inbox/messages?limit=101"));
        Assert.Equal(
            (422, "{\"detail\":[{\"type\":\"int_parsing\",\"loc\":[\"query\",\"limit\"],\"msg\":\"Input should be a valid integer, unable to parse string as an integer\",\"input\":\"ten\"}]}"),
            await GetAsync(http, "/terminals/deadbeef/inbox/messages?limit=ten"));
        Assert.Equal(
            (400, "{\"detail\":\"Invalid status: read. Valid values: pending, delivered, failed\"}"),
            await GetAsync(http, "/terminals/deadbeef/inbox/messages?status=read"));
        Assert.Equal((200, "[]"), await GetAsync(http, "/terminals/deadbeef/inbox/messages?status="));
    }

    [Fact]
    public async Task Posting_needs_both_query_parameters_and_a_well_formed_receiver()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);

        Assert.Equal(
            (422, "{\"detail\":[{\"type\":\"string_pattern_mismatch\",\"loc\":[\"path\",\"receiver_id\"],\"msg\":\"String should match pattern '^[a-f0-9]{8}$'\",\"input\":\"term-1\",\"ctx\":{\"pattern\":\"^[a-f0-9]{8}$\"}},{\"type\":\"missing\",\"loc\":[\"query\",\"sender_id\"],\"msg\":\"Field required\",\"input\":null},{\"type\":\"missing\",\"loc\":[\"query\",\"message\"],\"msg\":\"Field required\",\"input\":null}]}"),
            await PostAsync(http, "/terminals/term-1/inbox/messages"));
    }

    [Fact]
    public async Task Limit_keeps_the_oldest_and_message_ids_increase()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        var id = server.SeedSession("cao-inbox", status: "waiting_user_answer");
        for (var i = 1; i <= 3; i++)
        {
            var posted = Json((await PostAsync(http, $"/terminals/{id}/inbox/messages?sender_id=s&message=m{i}")).Body);
            Assert.Equal(i, posted.GetProperty("message_id").GetInt32());
        }

        var first = Json((await GetAsync(http, $"/terminals/{id}/inbox/messages?limit=1")).Body);
        Assert.Equal("m1", Assert.Single(first.EnumerateArray()).GetProperty("message").GetString());
        Assert.Equal(3, Json((await GetAsync(http, $"/terminals/{id}/inbox/messages?status=pending")).Body).GetArrayLength());
        Assert.Equal("[]", (await GetAsync(http, $"/terminals/{id}/inbox/messages?limit=0")).Body);
    }
}
