using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Cli;

/// <summary>
/// Shows each device's run on stderr while it is polled: on a terminal, one status line per device, redrawn in place;
/// into a file or pipe, a plain line whenever a device's state changes. The machine action id gets a line of its own
/// as soon as it is known, so that <c>mde-lr cancel &lt;id&gt;</c> can be run while the action is still going.
/// </summary>
internal sealed class ProgressRenderer(TextWriter stderr, bool isTerminal, int maxLiveLines = 20) : IProgress<LiveResponseProgress>
{
    private readonly object _gate = new();
    private readonly Dictionary<string, string> _lines = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _order = [];
    private readonly HashSet<string> _announced = new(StringComparer.OrdinalIgnoreCase);
    private int _drawn;

    public void Report(LiveResponseProgress value)
    {
        string line = value.ToString();
        lock (_gate)
        {
            if (value.MachineActionId is { } actionId && _announced.Add(value.MachineId))
            {
                Announce($"mde-lr: {value.MachineId}: machine action {actionId} (stop it with: mde-lr cancel {actionId})");
            }

            if (!_lines.TryGetValue(value.MachineId, out string? previous))
            {
                _order.Add(value.MachineId);
            }
            else if (previous == line)
            {
                return;
            }

            _lines[value.MachineId] = line;
            if (!isTerminal || _order.Count > maxLiveLines)
            {
                stderr.WriteLine(line);
                return;
            }

            // Move up over the lines drawn before, then redraw every device's line in place.
            if (_drawn > 0)
            {
                stderr.Write($"\u001b[{_drawn}A");
            }

            foreach (string machine in _order)
            {
                stderr.Write("\r\u001b[2K");
                stderr.WriteLine(_lines[machine]);
            }

            _drawn = _order.Count;
            stderr.Flush();
        }
    }

    /// <summary>Writes a line that stays: above the live status lines on a terminal (which are redrawn below it).</summary>
    private void Announce(string text)
    {
        if (!isTerminal || _drawn == 0 || _order.Count > maxLiveLines)
        {
            stderr.WriteLine(text);
            stderr.Flush();
            return;
        }

        stderr.Write($"\u001b[{_drawn}A\r\u001b[J");
        stderr.WriteLine(text);
        foreach (string machine in _order)
        {
            stderr.WriteLine(_lines[machine]);
        }

        stderr.Flush();
    }
}
