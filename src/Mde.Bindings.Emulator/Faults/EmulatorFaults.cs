using Mde.Bindings.Emulator.Http;

namespace Mde.Bindings.Emulator.Faults;

/// <summary>The fault rules in force. Safe to change from any thread while requests run.</summary>
public sealed class EmulatorFaults
{
    private readonly object _gate = new();
    private readonly List<ActiveFault> _rules = [];
    private readonly Random _random;
    private int _nextId;

    internal EmulatorFaults(int? seed)
    {
        _random = seed is { } s ? new Random(s) : new Random();
    }

    /// <summary>The rules in force, in the order they were added.</summary>
    public IReadOnlyList<ActiveFault> Rules
    {
        get
        {
            lock (_gate)
            {
                return [.. _rules];
            }
        }
    }

    /// <summary>Adds a rule.</summary>
    /// <returns>The id to remove it by.</returns>
    /// <exception cref="ArgumentException">The rule is invalid.</exception>
    public string Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rule.Validate();
        lock (_gate)
        {
            string id = "fault-" + (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _rules.Add(new ActiveFault(id, rule, rule.Count));
            return id;
        }
    }

    /// <summary>Removes a rule.</summary>
    /// <returns><see langword="false"/> when no rule has that id.</returns>
    public bool Remove(string id)
    {
        lock (_gate)
        {
            return _rules.RemoveAll(r => r.Id == id) > 0;
        }
    }

    /// <summary>Removes every rule.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>The rules that hit this request on <paramref name="route"/>; counts are used up here.</summary>
    internal IReadOnlyList<FaultRule> Draw(string route)
    {
        lock (_gate)
        {
            List<FaultRule>? hits = null;
            for (int i = 0; i < _rules.Count; i++)
            {
                ActiveFault active = _rules[i];
                bool matches = active.Rule.Route == EmulatorRoutes.Any || string.Equals(active.Rule.Route, route, StringComparison.OrdinalIgnoreCase);
                if (!matches || (active.Rule.Probability < 1 && _random.NextDouble() >= active.Rule.Probability))
                {
                    continue;
                }

                (hits ??= []).Add(active.Rule);
                if (active.Remaining is { } remaining)
                {
                    if (remaining <= 1)
                    {
                        _rules.RemoveAt(i--);
                    }
                    else
                    {
                        _rules[i] = active with { Remaining = remaining - 1 };
                    }
                }
            }

            return hits ?? (IReadOnlyList<FaultRule>)[];
        }
    }
}
