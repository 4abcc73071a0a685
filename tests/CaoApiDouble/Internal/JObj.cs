using System.Collections;

namespace CaoOps.Testing.Internal;

/// <summary>An insertion-ordered JSON object used to build response bodies.</summary>
internal sealed class JObj : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _items = [];

    public int Count => _items.Count;

    public void Add(string key, object? value) => _items.Add(new(key, value));

    public bool ContainsKey(string key) => _items.Exists(p => p.Key == key);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
