using System.Text.Json;
using CaoOps.Resources;

namespace CaoOps.Tests.Resources;

public class WatchSnapshotTests
{
    private static Overview View(params (string Session, string Id, string Status, string Active)[] terminals)
    {
        var sessions = terminals.GroupBy(t => t.Session).Select(g =>
        {
            var detail = JsonSerializer.SerializeToElement(new { session = new { name = g.Key }, terminals = g.Select(t => new { id = t.Id, status = t.Status, last_active = t.Active }) });
            return new SessionView(g.Key, "detached", null, null, detail, CaoReads.Rows(g.Key, detail));
        }).ToList();
        var list = JsonSerializer.SerializeToElement(sessions.Select(s => new { id = s.Name, name = s.Name, status = "detached" }));
        return new Overview(list, sessions);
    }

    private static WatchChanges Diff(Overview before, Overview after) =>
        WatchSnapshot.Diff(WatchSnapshot.From(before, null), WatchSnapshot.From(after, WatchSnapshot.From(before, null)));

    [Fact]
    public void Nothing_changed_reports_nothing()
    {
        var v = View(("cao-a", "aaaaaaaa", "idle", "t1"));
        Assert.False(Diff(v, v).Any);
    }

    [Fact]
    public void A_status_change_updates_the_terminal_its_output_and_its_session_but_not_the_list()
    {
        var changes = Diff(View(("cao-a", "aaaaaaaa", "idle", "t1"), ("cao-a", "bbbbbbbb", "idle", "t1")),
                           View(("cao-a", "aaaaaaaa", "processing", "t1"), ("cao-a", "bbbbbbbb", "idle", "t1")));
        Assert.Equal(["cao://sessions/cao-a", "cao://terminals/aaaaaaaa", "cao://terminals/aaaaaaaa/output"], changes.Updated.Order());
        Assert.False(changes.ListChanged);
    }

    [Fact]
    public void New_activity_alone_counts_as_a_change()
    {
        var changes = Diff(View(("cao-a", "aaaaaaaa", "completed", "t1")), View(("cao-a", "aaaaaaaa", "completed", "t2")));
        Assert.Contains("cao://terminals/aaaaaaaa/output", changes.Updated);
    }

    [Fact]
    public void A_session_coming_or_going_updates_the_session_list_and_changes_the_list()
    {
        var one = View(("cao-a", "aaaaaaaa", "idle", "t1"));
        var two = View(("cao-a", "aaaaaaaa", "idle", "t1"), ("cao-b", "bbbbbbbb", "idle", "t1"));
        foreach (var changes in new[] { Diff(one, two), Diff(two, one) })
        {
            Assert.True(changes.ListChanged);
            Assert.Contains("cao://sessions", changes.Updated);
            Assert.Contains("cao://sessions/cao-b", changes.Updated);
            Assert.Contains("cao://terminals/bbbbbbbb", changes.Updated);
            Assert.DoesNotContain("cao://terminals/aaaaaaaa", changes.Updated);
        }
    }

    [Fact]
    public void A_session_whose_body_could_not_be_read_keeps_its_last_known_state()
    {
        var before = View(("cao-a", "aaaaaaaa", "idle", "t1"));
        var unreadable = new Overview(before.SessionList, [before.Sessions[0] with { Detail = null, Terminals = [] }]);
        var first = WatchSnapshot.From(before, null);
        var second = WatchSnapshot.From(unreadable, first);
        Assert.False(WatchSnapshot.Diff(first, second).Any);
        Assert.Equal("idle", second.Terminals["aaaaaaaa"].Status);
    }
}
