namespace Mde.Bindings.LiveResponse;

/// <summary>
/// Spaces a fleet's RunLiveResponse calls by when the service <em>answered</em> the earlier ones: a run is sent only
/// while fewer than the limit's permits were sent and are either unanswered or answered within the window. The rate
/// limiter stamps a call when it grants the permit; the service stamps it when it arrives, later by the call's latency
/// (a first token fetch, a pause). When latency varies by more than the limiter's margin, the service sees eleven runs in
/// a minute and answers 429 (measured by the fleet benchmark). Answer times come after arrival times, so spacing by them
/// keeps the service's own window within the limit whatever the latency; the limiter still applies after this.
/// </summary>
internal sealed class AnsweredRunPacer
{
    private readonly object _gate = new();
    private readonly List<Run> _runs = [];
    private readonly int _permits;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="limit">The operation's limit (RunLiveResponse: 10 a minute).</param>
    /// <param name="safetyMargin">How much longer than the limit's window the pacer keeps (the limiter's own margin).</param>
    /// <param name="timeProvider">The clock.</param>
    public AnsweredRunPacer(RateLimitWindow limit, double safetyMargin, TimeProvider timeProvider)
    {
        _permits = limit.PermitLimit;
        _window = limit.Window * (1 + safetyMargin);
        _time = timeProvider;
    }

    /// <summary>Waits for a turn to send a run; dispose the returned turn as soon as the service answered (or the call failed).</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan? wait;
            Task answered;
            lock (_gate)
            {
                DateTimeOffset now = _time.GetUtcNow();
                _runs.RemoveAll(r => r.AnsweredAt is { } at && now - at >= _window);
                if (_runs.Count < _permits)
                {
                    var run = new Run(this);
                    _runs.Add(run);
                    return run;
                }

                // Full: the oldest answered run leaves the window first; an answer may also come before that.
                wait = _runs.Where(r => r.AnsweredAt is not null).Select(r => r.AnsweredAt!.Value + _window - now).DefaultIfEmpty(Timeout.InfiniteTimeSpan).Min();
                answered = _answered.Task;
            }

            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task delay = wait == Timeout.InfiniteTimeSpan ? Task.Delay(Timeout.Infinite, timer.Token) : Task.Delay(wait!.Value, _time, timer.Token);
            await Task.WhenAny(delay, answered.WaitAsync(cancellationToken)).ConfigureAwait(false);
            await timer.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private void Answer(Run run)
    {
        lock (_gate)
        {
            run.AnsweredAt ??= _time.GetUtcNow();
            TaskCompletionSource answered = _answered;
            _answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            answered.TrySetResult();
        }
    }

    private sealed class Run(AnsweredRunPacer pacer) : IDisposable
    {
        public DateTimeOffset? AnsweredAt { get; set; }

        public void Dispose() => pacer.Answer(this);
    }
}
