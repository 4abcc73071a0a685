using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CaoOps.Profiles.Yaml;

/// <summary>
/// Emulates <c>yaml.load(text, Loader=CSafeLoader)</c>: YamlDotNet's event parser gives the syntax,
/// this class does PyYAML's composition (anchors, aliases) and construction (YAML 1.1 implicit
/// typing, <c>&lt;&lt;</c> merge keys, duplicate keys keep the last value at the first position).
/// </summary>
internal static class PyYamlLoader
{
    private abstract class Node
    {
        public int Line { get; init; }

        public int Column { get; init; }

        public abstract string Id { get; }
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

    /// <summary>Loads a single YAML document; returns null for an empty stream.</summary>
    public static object? Load(string text)
    {
        Node? root;
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var anchors = new Dictionary<string, Node?>(StringComparer.Ordinal);
            root = Compose(parser, anchors);
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
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner occasionally fails this way on malformed input (no mark attached).
            throw new YamlLoadException($"while scanning the YAML frontmatter\n{ex.Message}", 0, 0);
        }

        return Construct(root);
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

    private static Node Compose(IParser parser, Dictionary<string, Node?> anchors)
    {
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

            node = new ScalarNode { Tag = tag, Value = scalar.Value, Line = (int)scalar.Start.Line, Column = (int)scalar.Start.Column };
        }
        else if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            CheckCollectionTag(seqStart.Tag, PyYamlResolver.SeqTag, seqStart.Start);
            var seq = new SeqNode { Line = (int)seqStart.Start.Line, Column = (int)seqStart.Start.Column };
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                seq.Items.Add(Compose(parser, anchors));
            }

            node = seq;
        }
        else if (parser.TryConsume<MappingStart>(out var mapStart))
        {
            CheckCollectionTag(mapStart.Tag, PyYamlResolver.MapTag, mapStart.Start);
            var map = new MapNode { Line = (int)mapStart.Start.Line, Column = (int)mapStart.Start.Column };
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var k = Compose(parser, anchors);
                var v = Compose(parser, anchors);
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

        if (anchor is not null)
        {
            anchors[anchor] = node;
        }

        return node;
    }

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

    private static object? Construct(Node? node)
    {
        switch (node)
        {
            case null:
                return null;
            case ScalarNode s:
                return PyYamlResolver.Construct(s.Tag, s.Value, s.Line, s.Column);
            case SeqNode q:
                var list = new PyList();
                foreach (var item in q.Items)
                {
                    list.Add(Construct(item), item.Line);
                }

                return list;
            case MapNode m:
                var dict = new PyDict();
                foreach (var (k, v) in Flatten(m))
                {
                    var key = k is ScalarNode ks && ks.Tag == PyYamlResolver.ValueTag ? ks.Value : Construct(k);
                    if (key is PyList or PyDict)
                    {
                        throw new YamlLoadException(
                            $"while constructing a mapping\n  in \"<unicode string>\", line {m.Line}, column {m.Column}\nfound unhashable key\n  in \"<unicode string>\", line {k.Line}, column {k.Column}",
                            k.Line,
                            k.Column);
                    }

                    dict.Set(key, Construct(v), k.Line);
                }

                return dict;
            default:
                return null;
        }
    }

    /// <summary>PyYAML SafeConstructor.flatten_mapping: merged pairs first, later merge sources earlier.</summary>
    private static List<(Node Key, Node Value)> Flatten(MapNode node)
    {
        var merge = new List<(Node, Node)>();
        var own = new List<(Node, Node)>();
        foreach (var (k, v) in node.Pairs)
        {
            if (k is ScalarNode ks && ks.Tag == PyYamlResolver.MergeTag)
            {
                if (v is MapNode vm)
                {
                    merge.AddRange(Flatten(vm));
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

                        sub.Add(Flatten(im));
                    }

                    sub.Reverse();
                    foreach (var s in sub)
                    {
                        merge.AddRange(s);
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
        return merge;
    }
}
