using CaoOps.Tools.Flows;

namespace CaoOps.Tests.Tools.Flows;

public class CronCheckTests
{
    [Theory]
    [InlineData("0 9 * * 1-5", "0 9 * * mon-fri", true)]
    [InlineData("0 0 * * 0", "0 0 * * sun", true)]
    [InlineData("0 0 * * 7", "0 0 * * sun", true)]
    [InlineData("0 0 * * 1,3,5", "0 0 * * mon,wed,fri", true)]
    [InlineData("0 0 * * */2", "0 0 * * tue,thu,sat,sun", true)]
    [InlineData("0 0 * * 0-6", "0 0 * * *", true)]
    [InlineData("0 9 * * MON-FRI", "0 9 * * mon-fri", false)]
    [InlineData("30 8 * * sat-sun", "30 8 * * sat,sun", false)]
    [InlineData("0 8 * * sun-tue", "0 8 * * mon,tue,sun", false)]
    [InlineData("*/15  *  * * *", "*/15 * * * *", false)]
    [InlineData("0 3 1,15 jan-jun *", "0 3 1,15 jan-jun *", false)]
    [InlineData("0 0 last * *", "0 0 last * *", false)]
    public void Schedules_are_written_the_way_cao_servers_scheduler_reads_them(string given, string sent, bool rewritten)
    {
        Assert.Equal(sent, CronCheck.Normalise(given, out var error, out var changed));
        Assert.Null(error);
        Assert.Equal(rewritten, changed);
    }

    [Theory]
    [InlineData("every day at noon", "a schedule is 5 cron fields (minute hour day-of-month month day-of-week), e.g. '0 9 * * mon-fri' (09:00 on weekdays); got 4 fields")]
    [InlineData("@daily", "macros such as '@daily' are not supported")]
    [InlineData("61 * * * *", "invalid minute field '61': values are 0-59")]
    [InlineData("0 24 * * *", "invalid hour field '24': values are 0-23")]
    [InlineData("0 0 0 * *", "invalid day-of-month field '0': values are 1-31")]
    [InlineData("0 0 * foo *", "invalid month field 'foo'")]
    [InlineData("0 0 * * 8", "invalid day-of-week field '8'")]
    [InlineData("0 0 * * fri-mon", "range 'fri-mon' runs backwards")]
    [InlineData("0 0 1 * mon", "not both")]
    [InlineData("0 0 * * *\nscript: x", "control characters")]
    [InlineData("*/0 * * * *", "step 0")]
    public void Schedules_cao_server_would_reject_or_misread_are_refused(string given, string expected)
    {
        Assert.Null(CronCheck.Normalise(given, out var error, out _));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
