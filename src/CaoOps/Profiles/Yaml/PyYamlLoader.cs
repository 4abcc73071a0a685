using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CaoOps.Profiles.Yaml;

/// <summary>
/// Emulates <c>yaml.load(text, Loader=CSafeLoader)</c>: YamlDotNet's event parser gives the syntax,
/// this class does PyYAML's composition (anchors, aliases) and construction (YAML 1.1 implicit
/// typing, <c>&lt;&lt;</c> merge keys, duplicate keys keep the last value at the first position).
/// An alias yields the same constructed object as its anchor (PyYAML shares them too).
///
/// Bounded (see <see cref="ProfileLimits"/>): composition stops at the first collection nested deeper than
/// <see cref="ProfileLimits.MaxDepth"/> (so neither recursion nor YamlDotNet's per-level scanner work can grow), and
/// every node carries its size as if aliases were copies, so an alias or merge-key bomb is refused after at most
/// <see cref="ProfileLimits.MaxNodes"/> nodes of work, before anything walks the expanded tree.
/// </summary>
internal static class PyYamlLoader
{
    private abstract class Node
    {
        public int Line { get; init; }

        public int Column { get; init; }

        public abstract string Id { get; }

        /// <summary>Nodes in this subtree with aliases counted as copies (this one included).</summary>
        public long Size { get; set; } = 1;

        /// <summary>Collection levels in this subtree, through aliases (0 for a scalar).</summary>
        public int Height { get; set; }

        /// <summary>Scalar characters in this subtree with aliases counted as copies.</summary>
        public long Chars { get; set; }
    }

    private sealed class ScalarNode : Node
    {
        public required string Tag { get; init; }

        public required string Value { get; init; }

        public override string Id => "scalar";
    }

    private sealed class SeqNode : Node
    {
        public List<Node> Items { get; } = [];

        public override string Id => "sequence";
    }

    private sealed class MapNode : Node
    {
        public List<(Node Key, Node Value)> Pairs { get; } = [];

        public override string Id => "mapping";
    }

    /// <summary>Per-load state: anchors, constructed objects (shared like PyYAML's), flattened merges.</summary>
    private sealed class LoadState
    {
        public Dictionary<string, Node?> Anchors { get; } = new(StringComparer.Ordinal);

        public Dictionary<Node, object?> Constructed { get; } = new(ReferenceEqualityComparer.Instance);

        public Dictionary<MapNode, List<(Node Key, Node Value)>> Flattened { get; } = new(ReferenceEqualityComparer.Instance);

        public long MergedPairs { get; set; }

        /// <summary>Added to YAML lines in limit messages, so they name the line of the file.</summary>
        public int LineOffset { get; init; }
    }

    /// <summary>Loads a single YAML document; returns null for an empty stream.</summary>
    /// <param name="text">The YAML.</param>
    /// <param name="lineOffset">Added to YAML lines in limit messages (the frontmatter's line offset in its file).</param>
    /// <exception cref="YamlLoadException">Any syntax, construction or limit error (limits: <see cref="YamlLoadException.IsLimit"/>).</exception>
    public static object? Load(string text, int lineOffset = 0)
    {
        Node? root;
        var state = new LoadState { LineOffset = lineOffset };
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            root = Compose(parser, state, 0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                throw new YamlLoadException(
                    $"expected a single document in the stream\n  in \"<unicode string>\", line 1, column 1\nbut found another document\n  in \"<unicode string>\", line {second.Start.Line}, column {second.Start.Column}",
                    (int)second.Start.Line,
                    (int)second.Start.Column);
            }
        }
        catch (YamlException ex)
        {
            throw new YamlLoadException(FormatYamlDotNetError(ex), (int)ex.Start.Line, (int)ex.Start.Column);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            // YamlDotNet's scanner occasionally fails this way on malformed input (no mark attached).
            throw new YamlLoadException($"while scanning the YAML frontmatter\n{ex.Message}", 0, 0);
        }

        return Construct(root, state);
    }
    private static string FormatYamlDotNetError(YamlException ex)
    {
        var msg = ex.Message;
        // YamlDotNet prefixes "(Line: a, Col: b, Idx: c) - (Line: ...): " – keep only the problem text.
        var cut = msg.LastIndexOf("): ", StringComparison.Ordinal);
        if (msg.StartsWith("(Line:", StringComparison.Ordinal) && cut >= 0)
        {
            msg = msg[(cut + 3)..];
        }

        msg = msg.TrimEnd('.');
        if (msg.Length > 0)
        {
            msg = char.ToLowerInvariant(msg[0]) + msg[1..];
        }

        return $"{msg}\n  in \"<unicode string>\", line {ex.Start.Line}, column {ex.Start.Column}";
    }

    /// <param name="depth">Collections open around this node (the root is composed at 0).</param>
    private static Node Compose(IParser parser, LoadState state, int depth)
    {
        var anchors = state.Anchors;
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            var name = alias.Value.Value;
            if (!anchors.TryGetValue(name, out var target))
            {
                throw new YamlLoadException(
                    $"found undefined alias '{name}'\n  in \"<unicode string>\", line {alias.Start.Line}, column {alias.Start.Column}",
                    (int)alias.Start.Line,
                    (int)alias.Start.Column);
            }

            return target ?? throw new YamlLoadException(
                $"found recursive alias '{name}' (not supported)\n  in \"<unicode string>\", line {alias.Start.Line}, column {alias.Start.Column}",
                (int)alias.Start.Line,
                (int)alias.Start.Column);
        }

        var ev = parser.Current ?? throw new YamlLoadException("unexpected end of stream", 0, 0);
        var anchor = ev is NodeEvent ne && !ne.Anchor.IsEmpty ? ne.Anchor.Value : null;
        if (anchor is not null)
        {
            if (anchors.ContainsKey(anchor))
            {
                throw new YamlLoadException(
                    $"found duplicate anchor '{anchor}'\n  in \"<unicode string>\", line {ev.Start.Line}, column {ev.Start.Column}",
                    (int)ev.Start.Line,
                    (int)ev.Start.Column);
            }

            anchors[anchor] = null; // being composed
        }

        if (ev is SequenceStart or MappingStart && depth >= ProfileLimits.MaxDepth)
        {
            // Checked before consuming the start event: the scanner never goes deeper than one level past the limit.
            throw TooDeep(ev.Start, state);
        }

        Node node;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            string tag;
            if (scalar.Tag.IsEmpty)
            {
                tag = scalar.Style == ScalarStyle.Plain ? PyYamlResolver.ResolvePlain(scalar.Value) : PyYamlResolver.StrTag;
            }
            else if (scalar.Tag.IsNonSpecific)
            {
                tag = PyYamlResolver.StrTag;
            }
            else
            {
                tag = scalar.Tag.Value;
            }

            node = new ScalarNode { Tag = tag, Value = scalar.Value, Line = (int)scalar.Start.Line, Column = (int)scalar.Start.Column, Chars = scalar.Value.Length };
        }
        else if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            CheckCollectionTag(seqStart.Tag, PyYamlResolver.SeqTag, seqStart.Start);
            var seq = new SeqNode { Line = (int)seqStart.Start.Line, Column = (int)seqStart.Start.Column, Height = 1 };
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                var at = parser.Current?.Start ?? seqStart.Start;
                var item = Compose(parser, state, depth + 1);
                seq.Items.Add(item);
                AddChild(seq, item, at, state);
            }

            node = seq;
        }
        else if (parser.TryConsume<MappingStart>(out var mapStart))
        {
            CheckCollectionTag(mapStart.Tag, PyYamlResolver.MapTag, mapStart.Start);
            var map = new MapNode { Line = (int)mapStart.Start.Line, Column = (int)mapStart.Start.Column, Height = 1 };
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var at = parser.Current?.Start ?? mapStart.Start;
                var k = Compose(parser, state, depth + 1);
                AddChild(map, k, at, state);
                at = parser.Current?.Start ?? mapStart.Start;
                var v = Compose(parser, state, depth + 1);
                AddChild(map, v, at, state);
                map.Pairs.Add((k, v));
            }

            node = map;
        }
        else
        {
            throw new YamlLoadException(
                $"unexpected event {ev.GetType().Name}\n  in \"<unicode string>\", line {ev.Start.Line}, column {ev.Start.Column}",
                (int)ev.Start.Line,
                (int)ev.Start.Column);
        }

        if (depth + node.Height > ProfileLimits.MaxDepth)
        {
            // Only reachable through aliases: nesting in the text is refused above.
            throw TooDeep(ev.Start, state);
        }

        if (anchor is not null)
        {
            anchors[anchor] = node;
        }

        return node;
    }

    /// <summary>Adds a child's (alias-expanded) size to its parent; refuses as soon as a total passes its limit.</summary>
    private static void AddChild(Node parent, Node child, Mark at, LoadState state)
    {
        parent.Size += child.Size;
        parent.Chars += child.Chars;
        parent.Height = Math.Max(parent.Height, child.Height + 1);
        if (parent.Size > ProfileLimits.MaxNodes)
        {
            throw Limit(
                $"the frontmatter has more than {ProfileLimits.Count(ProfileLimits.MaxNodes)} YAML nodes when aliases and merge keys are counted as copies of what they name",
                "profiles are limited to this size so an alias or merge-key bomb cannot exhaust memory; use fewer aliases or a smaller profile",
                at,
                state);
        }

        if (parent.Chars > ProfileLimits.MaxScalarChars)
        {
            throw Limit(
                $"the frontmatter's values total more than {ProfileLimits.Size(ProfileLimits.MaxScalarChars)} characters when aliases and merge keys are counted as copies of what they name",
                "profiles are limited to this size so aliases of long values cannot exhaust memory; alias long values fewer times",
                at,
                state);
        }
    }

    private static YamlLoadException TooDeep(Mark at, LoadState state) => new(
        $"the frontmatter nests lists and mappings more than {ProfileLimits.MaxDepth} levels deep (aliases included) at line {at.Line + state.LineOffset}, column {at.Column}; profiles are limited to {ProfileLimits.MaxDepth} levels so a hostile file cannot crash or stall the YAML parser. Flatten the structure",
        (int)at.Line,
        (int)at.Column,
        isValueError: true,
        isLimit: true);

    private static YamlLoadException Limit(string what, string why, Mark at, LoadState state) => new(
        $"{what} (at line {at.Line + state.LineOffset}, column {at.Column}); {why}",
        (int)at.Line,
        (int)at.Column,
        isValueError: true,
        isLimit: true);

    private static void CheckCollectionTag(TagName tag, string expected, Mark start)
    {
        if (tag.IsEmpty || tag.IsNonSpecific || tag.Value == expected)
        {
            return;
        }

        throw new YamlLoadException(
            $"could not determine a constructor for the tag '{tag.Value}'\n  in \"<unicode string>\", line {start.Line}, column {start.Column}",
            (int)start.Line,
            (int)start.Column);
    }

    /// <summary>PyYAML's construct_object: each node is constructed once, so an alias yields its anchor's object.</summary>
    private static object? Construct(Node? node, LoadState state)
    {
        if (node is null)
        {
            return null;
        }

        if (state.Constructed.TryGetValue(node, out var done))
        {
            return done;
        }

        object? result;
        switch (node)
        {
            case ScalarNode s:
                result = PyYamlResolver.Construct(s.Tag, s.Value, s.Line, s.Column);
                break;
            case SeqNode q:
                var list = new PyList();
                foreach (var item in q.Items)
                {
                    list.Add(Construct(item, state), item.Line);
                }

                result = list;
                break;
            case MapNode m:
                var dict = new PyDict();
                foreach (var (k, v) in Flatten(m, state))
                {
                    var key = k is ScalarNode ks && ks.Tag == PyYamlResolver.ValueTag ? ks.Value : Construct(k, state);
                    if (key is PyList or PyDict)
                    {
                        throw new YamlLoadException(
                            $"while constructing a mapping\n  in \"<unicode string>\", line {m.Line}, column {m.Column}\nfound unhashable key\n  in \"<unicode string>\", line {k.Line}, column {k.Column}",
                            k.Line,
                            k.Column);
                    }

                    dict.Set(key, Construct(v, state), k.Line);
                }

                result = dict;
                break;
            default:
                result = null;
                break;
        }

        state.Constructed[node] = result;
        return result;
    }

    /// <summary>
    /// PyYAML SafeConstructor.flatten_mapping: merged pairs first, later merge sources earlier. Like PyYAML (which
    /// flattens a node in place once), each mapping is flattened once; the pairs merges produce are counted.
    /// </summary>
    private static List<(Node Key, Node Value)> Flatten(MapNode node, LoadState state)
    {
        if (state.Flattened.TryGetValue(node, out var done))
        {
            return done;
        }

        var merge = new List<(Node, Node)>();
        var own = new List<(Node, Node)>();
        foreach (var (k, v) in node.Pairs)
        {
            if (k is ScalarNode ks && ks.Tag == PyYamlResolver.MergeTag)
            {
                if (v is MapNode vm)
                {
                    AddMerged(merge, Flatten(vm, state), state, v);
                }
                else if (v is SeqNode vs)
                {
                    var sub = new List<List<(Node, Node)>>();
                    foreach (var item in vs.Items)
                    {
                        if (item is not MapNode im)
                        {
                            throw new YamlLoadException(
                                $"while constructing a mapping\n  in \"<unicode string>\", line {node.Line}, column {node.Column}\nexpected a mapping for merging, but found {item.Id}\n  in \"<unicode string>\", line {item.Line}, column {item.Column}",
                                item.Line,
                                item.Column);
                        }

                        sub.Add(Flatten(im, state));
                    }

                    sub.Reverse();
                    foreach (var s in sub)
                    {
                        AddMerged(merge, s, state, v);
                    }
                }
                else
                {
                    throw new YamlLoadException(
                        $"while constructing a mapping\n  in \"<unicode string>\", line {node.Line}, column {node.Column}\nexpected a mapping or list of mappings for merging, but found {v.Id}\n  in \"<unicode string>\", line {v.Line}, column {v.Column}",
                        v.Line,
                        v.Column);
                }
            }
            else
            {
                own.Add((k, v));
            }
        }

        merge.AddRange(own);
        state.Flattened[node] = merge;
        return merge;
    }

    private static void AddMerged(List<(Node, Node)> merge, List<(Node, Node)> pairs, LoadState state, Node at)
    {
        state.MergedPairs += pairs.Count;
        if (state.MergedPairs > ProfileLimits.MaxMergedPairs)
        {
            throw new YamlLoadException(
                $"merge keys (<<) in the frontmatter produce more than {ProfileLimits.Count(ProfileLimits.MaxMergedPairs)} key/value pairs (at line {at.Line + state.LineOffset}, column {at.Column}); profiles are limited to this so a merge-key bomb cannot exhaust memory; merge fewer or smaller mappings",
                at.Line,
                at.Column,
                isValueError: true,
                isLimit: true);
        }

        merge.AddRange(pairs);
    }
}
