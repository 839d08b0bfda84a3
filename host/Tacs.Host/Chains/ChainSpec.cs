using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tacs.Host.Chains;

/// <summary>
/// A chain of plugin steps as text: <c>gaussian(sigma=1.5) | bm3d(sigma=auto)</c>, or as JSON:
/// <c>{"steps": [{"plugin": "gaussian", "parameters": {"sigma": 1.5}}]}</c>.
/// Values with commas, spaces or parentheses are written in double quotes. A step followed by <c>@c2</c> (or
/// <c>@c1,3</c>; JSON: <c>"channels": [2]</c>) applies to those channels only, numbered from 1.
/// </summary>
public sealed record ChainSpec(IReadOnlyList<StepSpec> Steps)
{
    /// <summary>The chain written back in text syntax.</summary>
    public override string ToString() => string.Join(" | ", Steps);

    /// <summary>Parses the text syntax.</summary>
    /// <param name="text">The chain.</param>
    /// <exception cref="ChainException">The text is malformed; the message names the step.</exception>
    public static ChainSpec Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ChainException("The chain is empty. Write steps such as: gaussian(sigma=1.5) | bm3d(sigma=auto)");
        }

        var steps = new List<StepSpec>();
        var parts = SplitTopLevel(text, '|', "the chain");
        for (var i = 0; i < parts.Count; i++)
        {
            steps.Add(ParseStep(parts[i].Trim(), i + 1));
        }

        return new ChainSpec(steps);
    }

    /// <summary>Parses the JSON form.</summary>
    /// <param name="json">A JSON object with a <c>steps</c> array, or the array alone.</param>
    /// <exception cref="ChainException">The JSON is malformed or a step lacks its plugin.</exception>
    public static ChainSpec ParseJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            var array = root.ValueKind == JsonValueKind.Array ? root
                : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("steps", out var s) && s.ValueKind == JsonValueKind.Array ? s
                : throw new ChainException("A chain file holds {\"steps\": [...]} or an array of steps.");
            var steps = new List<StepSpec>();
            foreach (var element in array.EnumerateArray())
            {
                var position = steps.Count + 1;
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("plugin", out var plugin) || plugin.ValueKind != JsonValueKind.String)
                {
                    throw new ChainException($"Step {position}: needs a \"plugin\" name, as in {{\"plugin\": \"gaussian\", \"parameters\": {{\"sigma\": 1.5}}}}.");
                }

                var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                if (element.TryGetProperty("parameters", out var p))
                {
                    if (p.ValueKind != JsonValueKind.Object)
                    {
                        throw new ChainException($"Step {position} '{plugin.GetString()}': \"parameters\" must be an object.");
                    }

                    foreach (var property in p.EnumerateObject())
                    {
                        parameters[property.Name] = property.Value.ValueKind switch
                        {
                            JsonValueKind.String => property.Value.GetString()!,
                            JsonValueKind.Number => property.Value.GetRawText(),
                            JsonValueKind.True => "true",
                            JsonValueKind.False => "false",
                            _ => throw new ChainException($"Step {position} '{plugin.GetString()}', parameter '{property.Name}': use a string, number or boolean."),
                        };
                    }
                }

                IReadOnlyList<int>? channels = null;
                if (element.TryGetProperty("channels", out var c))
                {
                    channels = c.ValueKind == JsonValueKind.Array && c.EnumerateArray().All(v => v.TryGetInt32(out var n) && n > 0)
                        ? [.. c.EnumerateArray().Select(v => v.GetInt32()).Distinct().Order()]
                        : throw new ChainException($"Step {position} '{plugin.GetString()}': \"channels\" must be an array of channel numbers from 1, as in [1, 3].");
                }

                steps.Add(new StepSpec(position, plugin.GetString()!.Trim(), parameters) { Channels = channels });
            }

            return steps.Count == 0 ? throw new ChainException("The chain file has no steps.") : new ChainSpec(steps);
        }
        catch (JsonException ex)
        {
            throw new ChainException($"The chain file is not valid JSON: {ex.Message}", ex);
        }
    }

    private static StepSpec ParseStep(string text, int position)
    {
        if (text.Length == 0)
        {
            throw new ChainException($"Step {position} is empty (two '|' in a row, or '|' at an end).");
        }

        // "@c2" after the step (after its closing parenthesis, so never inside a quoted value) selects channels.
        IReadOnlyList<int>? channels = null;
        var at = text.LastIndexOf('@');
        if (at >= 0 && at > text.LastIndexOf(')'))
        {
            channels = ParseChannels(text[(at + 1)..].Trim(), text, position);
            text = text[..at].TrimEnd();
        }

        var open = text.IndexOf('(', StringComparison.Ordinal);
        var name = (open < 0 ? text : text[..open]).Trim();
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw new ChainException($"Step {position} '{text}': '{name}' is not a plugin name (letters, digits, '.', '-', '_').");
        }

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (open >= 0)
        {
            if (!text.EndsWith(')'))
            {
                throw new ChainException($"Step {position} '{text}': missing ')' at the end.");
            }

            var inner = text[(open + 1)..^1];
            if (!string.IsNullOrWhiteSpace(inner))
            {
                foreach (var pair in SplitTopLevel(inner, ',', $"step {position} '{name}'"))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        throw new ChainException($"Step {position} '{name}': '{pair.Trim()}' is not name=value.");
                    }

                    var key = pair[..eq].Trim();
                    var value = Unquote(pair[(eq + 1)..].Trim());
                    if (!parameters.TryAdd(key, value))
                    {
                        throw new ChainException($"Step {position} '{name}': parameter '{key}' is given twice.");
                    }
                }
            }
        }

        return new StepSpec(position, name, parameters) { Channels = channels };
    }

    private static List<int> ParseChannels(string selector, string step, int position)
    {
        var numbers = selector.Length > 1 && selector[0] is 'c' or 'C' ? selector[1..].Split(',') : [];
        var channels = new List<int>();
        foreach (var number in numbers)
        {
            if (!int.TryParse(number.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var channel) || channel < 1)
            {
                channels.Clear();
                break;
            }

            channels.Add(channel);
        }

        return channels.Count > 0 ? [.. channels.Distinct().Order()]
            : throw new ChainException($"Step {position} '{step}': '@{selector}' is not a channel selector; write @c1 for channel 1, or @c1,3 for channels 1 and 3 (numbered from 1).");
    }

    private static List<string> SplitTopLevel(string text, char separator, string where)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\' && i + 1 < text.Length)
                {
                    current.Append(c).Append(text[++i]);
                    continue;
                }

                quoted = c != '"';
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
                if (depth < 0)
                {
                    throw new ChainException($"In {where}: unbalanced ')' at character {i + 1}.");
                }
            }
            else if (c == separator && depth == 0)
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        if (quoted)
        {
            throw new ChainException($"In {where}: a '\"' is not closed.");
        }

        if (depth != 0)
        {
            throw new ChainException($"In {where}: missing ')'.");
        }

        parts.Add(current.ToString());
        return parts;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"'
            ? value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal)
            : value.ToString(CultureInfo.InvariantCulture);
}
