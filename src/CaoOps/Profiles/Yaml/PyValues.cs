using System.Globalization;
using System.Numerics;

namespace CaoOps.Profiles.Yaml;

// The value model mirrors what PyYAML's safe loader produces in Python:
//   null -> C# null, str -> string, bool -> bool, int -> BigInteger, float -> double,
//   date -> DateOnly, datetime -> PyDateTime, list -> PyList, dict -> PyDict.
// Lines are 1-based and relative to the YAML text they were parsed from (0 = unknown).

/// <summary>A Python-like ordered dict: a re-assigned key keeps its first position, the last value wins.</summary>
internal sealed class PyDict
{
    private readonly List<PyDictEntry> _entries = [];
    private readonly Dictionary<PyKey, int> _index = [];

    public int Count => _entries.Count;

    public IReadOnlyList<PyDictEntry> Entries => _entries;

    public void Set(object? key, object? value, int line = 0)
    {
        var k = new PyKey(key);
        if (_index.TryGetValue(k, out var i))
        {
            _entries[i] = _entries[i] with { Value = value };
            return;
        }

        _index[k] = _entries.Count;
        _entries.Add(new PyDictEntry(key, value, line));
    }

    public bool ContainsKey(object? key) => _index.ContainsKey(new PyKey(key));

    public bool TryGetValue(object? key, out object? value)
    {
        if (_index.TryGetValue(new PyKey(key), out var i))
        {
            value = _entries[i].Value;
            return true;
        }

        value = null;
        return false;
    }

    public object? GetOrNull(object? key) => TryGetValue(key, out var v) ? v : null;

    public int LineOf(object? key) => _index.TryGetValue(new PyKey(key), out var i) ? _entries[i].Line : 0;

    public bool Remove(object? key)
    {
        var k = new PyKey(key);
        if (!_index.TryGetValue(k, out var i))
        {
            return false;
        }

        _entries.RemoveAt(i);
        _index.Clear();
        for (var j = 0; j < _entries.Count; j++)
        {
            _index[new PyKey(_entries[j].Key)] = j;
        }

        return true;
    }

    public PyDict ShallowCopy()
    {
        var copy = new PyDict();
        foreach (var e in _entries)
        {
            copy.Set(e.Key, e.Value, e.Line);
        }

        return copy;
    }
}

internal readonly record struct PyDictEntry(object? Key, object? Value, int Line);

/// <summary>A Python list that remembers the source line of each item.</summary>
internal sealed class PyList : List<object?>
{
    public List<int> Lines { get; } = [];

    public void Add(object? item, int line)
    {
        Add(item);
        while (Lines.Count < Count - 1)
        {
            Lines.Add(0);
        }

        Lines.Add(line);
    }

    public int LineAt(int index) => index < Lines.Count ? Lines[index] : 0;
}

/// <summary>A Python <c>datetime.datetime</c> as PyYAML constructs it from a timestamp.</summary>
internal sealed record PyDateTime(DateTime Value, int Microsecond, TimeSpan? Offset)
{
    public string IsoFormat()
    {
        var s = Value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (Microsecond != 0)
        {
            s += "." + Microsecond.ToString("D6", CultureInfo.InvariantCulture);
        }

        if (Offset is { } off)
        {
            var sign = off < TimeSpan.Zero ? "-" : "+";
            var a = off.Duration();
            s += $"{sign}{a.Hours:D2}:{a.Minutes:D2}";
        }

        return s;
    }
}

/// <summary>Hash key with Python equality: True == 1 == 1.0, None is a key too.</summary>
internal readonly struct PyKey : IEquatable<PyKey>
{
    private readonly object? _norm;

    public PyKey(object? key)
    {
        _norm = key switch
        {
            bool b => b ? BigInteger.One : BigInteger.Zero,
            double d when !double.IsNaN(d) && !double.IsInfinity(d) && Math.Floor(d) == d && Math.Abs(d) < 1e300 => new BigInteger(d),
            _ => key,
        };
    }

    public bool Equals(PyKey other) => Equals(_norm, other._norm);

    public override bool Equals(object? obj) => obj is PyKey k && Equals(k);

    public override int GetHashCode() => _norm?.GetHashCode() ?? 0;
}
