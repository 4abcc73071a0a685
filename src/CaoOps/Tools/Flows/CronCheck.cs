using System.Globalization;
using System.Text.RegularExpressions;

namespace CaoOps.Tools.Flows;

/// <summary>
/// Checks a flow schedule before cao-server sees it, and writes day-of-week the way cao-server's scheduler reads it.
/// cao-server parses schedules with APScheduler 3's <c>CronTrigger.from_crontab</c>, which differs from cron in two
/// ways that silently move runs: numeric weekdays count from Monday (0 = mon, so cron's "1-5" runs Tue–Sat), and a
/// day-of-month plus a day-of-week must both match (cron runs on either). Numeric weekdays are rewritten as names;
/// restricting both day fields is refused. A schedule cao-server would reject is refused here, because a rejected
/// create still leaves a flow file behind.
/// </summary>
internal static partial class CronCheck
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>Monday first, as APScheduler numbers them.</summary>
    private static readonly string[] Weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    public const string Example = "e.g. '0 9 * * mon-fri' (09:00 on weekdays)";

    /// <summary>The schedule as cao-server should get it, or null with a message saying what is wrong.</summary>
    public static string? Normalise(string schedule, out string? error, out bool weekdaysRewritten)
    {
        weekdaysRewritten = false;
        if (schedule.Any(char.IsControl))
        {
            error = "the schedule contains control characters";
            return null;
        }

        var fields = schedule.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 1 && fields[0].StartsWith('@'))
        {
            error = $"macros such as '{fields[0]}' are not supported: write 5 cron fields (minute hour day-of-month month day-of-week), {Example}";
            return null;
        }

        if (fields.Length != 5)
        {
            error = $"a schedule is 5 cron fields (minute hour day-of-month month day-of-week), {Example}; got {fields.Length} field{(fields.Length == 1 ? string.Empty : "s")}";
            return null;
        }

        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = fields[i].ToLowerInvariant();
        }

        if (Check(fields[0], "minute", 0, 59, null, out error) is null
            || Check(fields[1], "hour", 0, 23, null, out error) is null
            || (fields[2] != "last" && Check(fields[2], "day-of-month", 1, 31, null, out error) is null)
            || Check(fields[3], "month", 1, 12, Months, out error) is null)
        {
            return null;
        }

        if (fields[4] != "*")
        {
            if (ParseWeekdays(fields[4], out error) is not { } days)
            {
                return null;
            }

            if (fields[2] != "*")
            {
                error = "a schedule may restrict day-of-month or day-of-week, not both: cao-server would run only on days matching both "
                    + "(cron runs on either). Use '*' for one of them, or create two flows";
                return null;
            }

            var written = Write(days);
            weekdaysRewritten = fields[4].Any(char.IsAsciiDigit) && written != fields[4];
            fields[4] = written;
        }

        error = null;
        return string.Join(' ', fields);
    }

    /// <summary>The values a field allows; null with a message when it is not valid.</summary>
    private static bool[]? Check(string field, string name, int min, int max, string[]? names, out string? error)
    {
        var allowed = new bool[max + 1];
        foreach (var part in field.Split(','))
        {
            var match = Element().Match(part);
            if (!match.Success)
            {
                error = $"invalid {name} field '{field}': use numbers {min}-{max}{(names is null ? string.Empty : " or names")}, '*', ranges a-b, steps */n or a-b/n, and commas";
                return null;
            }

            int first = min, last = max;
            if (!match.Groups["all"].Success)
            {
                first = Value(match.Groups["first"].Value, min, names);
                last = match.Groups["last"].Success ? Value(match.Groups["last"].Value, min, names) : match.Groups["step"].Success ? max : first;
            }

            if (first < min || first > max || last < min || last > max)
            {
                error = $"invalid {name} field '{field}': values are {min}-{max}{(names is null ? string.Empty : $" or {names[0]}-{names[^1]}")}";
                return null;
            }

            if (first > last)
            {
                error = $"invalid {name} field '{field}': range '{part}' runs backwards";
                return null;
            }

            var step = match.Groups["step"].Success ? int.Parse(match.Groups["step"].Value, CultureInfo.InvariantCulture) : 1;
            if (step < 1 || (match.Groups["step"].Success && !match.Groups["all"].Success && step > last - first && last != first))
            {
                error = $"invalid {name} field '{field}': step {step} is larger than the range";
                return null;
            }

            for (var v = first; v <= last; v += step)
            {
                allowed[v] = true;
            }
        }

        error = null;
        return allowed;
    }

    /// <summary>Day-of-week as cron means it (numbers 0-7, 0 and 7 = Sunday; names), as a set indexed Monday-first.</summary>
    private static bool[]? ParseWeekdays(string field, out string? error)
    {
        var days = new bool[7];
        foreach (var part in field.Split(','))
        {
            var match = Element().Match(part);
            if (!match.Success)
            {
                error = $"invalid day-of-week field '{field}': use names mon-sun (or cron numbers 0-7, 0 and 7 = Sunday), '*', ranges, steps and commas";
                return null;
            }

            var step = match.Groups["step"].Success ? int.Parse(match.Groups["step"].Value, CultureInfo.InvariantCulture) : 1;
            if (step < 1)
            {
                error = $"invalid day-of-week field '{field}': step {step} is not allowed";
                return null;
            }

            // Expand in cron's numbering (0 = Sunday). Names map to cron numbers; a name range that only makes sense
            // Monday-first (sat-sun) is read that way.
            List<int> cronDays = [];
            if (match.Groups["all"].Success)
            {
                for (var d = 0; d <= 6; d += step)
                {
                    cronDays.Add(d);
                }
            }
            else
            {
                var firstText = match.Groups["first"].Value;
                var lastText = match.Groups["last"].Success ? match.Groups["last"].Value : null;
                var first = CronDay(firstText);
                var last = lastText is null ? (match.Groups["step"].Success ? 7 : first) : CronDay(lastText);
                if (first < 0 || last < 0)
                {
                    error = $"invalid day-of-week field '{field}': days are 0-7 (0 and 7 = Sunday) or mon, tue, wed, thu, fri, sat, sun";
                    return null;
                }

                if (first > last && lastText is not null && !char.IsAsciiDigit(firstText[0]) && !char.IsAsciiDigit(lastText[0]) && (last == 0 || last == 7))
                {
                    last = 7; // e.g. sat-sun: Saturday to Sunday
                }

                if (first > last)
                {
                    error = $"invalid day-of-week field '{field}': range '{part}' runs backwards";
                    return null;
                }

                for (var d = first; d <= last; d += step)
                {
                    cronDays.Add(d);
                }
            }

            foreach (var d in cronDays)
            {
                days[(d % 7 + 6) % 7] = true; // cron 0/7 = Sunday → index 6; cron 1 = Monday → index 0
            }
        }

        error = null;
        return days;
    }

    /// <summary>The cron number (0-7) of a day, or -1.</summary>
    private static int CronDay(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n is >= 0 and <= 7 ? n : -1;
        }

        var index = Array.IndexOf(Weekdays, text);
        return index < 0 ? -1 : (index + 1) % 7;
    }

    /// <summary>Names, Monday-first, with ranges for three or more consecutive days ("mon-fri", "sat,sun").</summary>
    private static string Write(bool[] days)
    {
        if (days.All(d => d))
        {
            return "*";
        }

        var parts = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            if (!days[i])
            {
                continue;
            }

            var end = i;
            while (end + 1 < 7 && days[end + 1])
            {
                end++;
            }

            if (end - i >= 2)
            {
                parts.Add($"{Weekdays[i]}-{Weekdays[end]}");
            }
            else
            {
                for (var j = i; j <= end; j++)
                {
                    parts.Add(Weekdays[j]);
                }
            }

            i = end;
        }

        return string.Join(',', parts);
    }

    private static int Value(string text, int min, string[]? names)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        var index = names is null ? -1 : Array.IndexOf(names, text);
        return index < 0 ? int.MinValue : index + min;
    }

    [GeneratedRegex(@"^(?:(?<all>\*)|(?<first>[0-9]{1,2}|[a-z]{3})(?:-(?<last>[0-9]{1,2}|[a-z]{3}))?)(?:/(?<step>[0-9]{1,2}))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Element();
}
