using System.Globalization;
using System.Text.RegularExpressions;

namespace CaoOps.Testing.Internal.Flows;

/// <summary>
/// APScheduler 3.x <c>CronTrigger.from_crontab</c>, as cao-server uses it: five whitespace-separated fields,
/// numeric day-of-week counted from Monday (0 = mon … 6 = sun), and day-of-month AND day-of-week both
/// having to match. Only what the double needs: validation messages and the next fire time.
/// </summary>
internal sealed partial class CronSchedule
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] Weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    private readonly bool[] _minute;
    private readonly bool[] _hour;
    private readonly bool[] _day;
    private readonly bool _lastDay;
    private readonly bool[] _month;
    private readonly bool[] _weekday;

    private CronSchedule(bool[] minute, bool[] hour, bool[] day, bool lastDay, bool[] month, bool[] weekday)
    {
        _minute = minute;
        _hour = hour;
        _day = day;
        _lastDay = lastDay;
        _month = month;
        _weekday = weekday;
    }

    /// <summary>Parses <paramref name="expression"/>; on failure returns null and APScheduler's message.</summary>
    public static CronSchedule? TryParse(string expression, out string? error)
    {
        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            error = $"Wrong number of fields; got {fields.Length}, expected 5";
            return null;
        }

        var lastDay = false;
        var minute = Field(fields[0], "minute", 0, 59, null, ref lastDay, out error);
        var hour = error is null ? Field(fields[1], "hour", 0, 23, null, ref lastDay, out error) : null;
        var day = error is null ? Field(fields[2], "day", 1, 31, null, ref lastDay, out error) : null;
        var noLast = false;
        var month = error is null ? Field(fields[3], "month", 1, 12, Months, ref noLast, out error) : null;
        var weekday = error is null ? Field(fields[4], "day_of_week", 0, 6, Weekdays, ref noLast, out error) : null;
        return error is null ? new CronSchedule(minute!, hour!, day!, lastDay, month!, weekday!) : null;
    }

    /// <summary>The first fire time strictly after <paramref name="after"/> (to the minute), or null within 8 years.</summary>
    public DateTime? NextAfter(DateTime after)
    {
        var start = new DateTime(after.Year, after.Month, after.Day, after.Hour, after.Minute, 0, after.Kind).AddMinutes(1);
        for (var date = start.Date; date < start.Date.AddYears(8); date = date.AddDays(1))
        {
            var weekday = ((int)date.DayOfWeek + 6) % 7;
            var dayMatches = _day[date.Day] || (_lastDay && date.Day == DateTime.DaysInMonth(date.Year, date.Month));
            if (!_month[date.Month] || !dayMatches || !_weekday[weekday])
            {
                continue;
            }

            for (var h = 0; h < 24; h++)
            {
                for (var m = 0; _hour[h] && m < 60; m++)
                {
                    var candidate = date.AddHours(h).AddMinutes(m);
                    if (_minute[m] && candidate >= start)
                    {
                        return candidate;
                    }
                }
            }
        }

        return null;
    }

    private static bool[]? Field(string text, string name, int min, int max, string[]? names, ref bool lastDay, out string? error)
    {
        var allowed = new bool[max + 1];
        foreach (var part in text.ToLowerInvariant().Split(','))
        {
            if (name == "day" && part == "last")
            {
                lastDay = true;
                continue;
            }

            var match = Element().Match(part);
            if (!match.Success)
            {
                error = $"Unrecognized expression \"{part}\" for field \"{name}\"";
                return null;
            }

            int first, last;
            if (match.Groups["all"].Success)
            {
                (first, last) = (min, max);
            }
            else
            {
                first = Value(match.Groups["first"].Value, min, names);
                last = match.Groups["last"].Success ? Value(match.Groups["last"].Value, min, names)
                    : match.Groups["step"].Success ? max : first;
                if (first < 0 || last < 0)
                {
                    error = $"Unrecognized expression \"{part}\" for field \"{name}\"";
                    return null;
                }
            }

            var step = match.Groups["step"].Success ? int.Parse(match.Groups["step"].Value, CultureInfo.InvariantCulture) : 1;
            if (first < min)
            {
                error = $"the first value ({first}) is lower than the minimum value ({min})";
                return null;
            }

            if (last > max || first > max)
            {
                error = $"the last value ({Math.Max(first, last)}) is higher than the maximum value ({max})";
                return null;
            }

            if (first > last)
            {
                error = $"The minimum value in a range must not be higher than the maximum ({first} > {last})";
                return null;
            }

            if (step == 0 || (match.Groups["step"].Success && step > last - first && !match.Groups["all"].Success && last != first))
            {
                error = $"the step value ({step}) is higher than the total range of the expression ({last - first})";
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

    /// <summary>A number, or a name (month/weekday) mapped to its value; -1 when neither.</summary>
    private static int Value(string text, int min, string[]? names)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        var index = names is null ? -1 : Array.IndexOf(names, text);
        return index < 0 ? -1 : index + min;
    }

    [GeneratedRegex(@"\A(?:(?<all>\*)|(?<first>[0-9]+|[a-z]{3})(?:-(?<last>[0-9]+|[a-z]{3}))?)(?:/(?<step>[0-9]+))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Element();
}
