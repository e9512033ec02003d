using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace VoiceSite.Accounts;

/// <summary>
/// Failed sign-ins counted per client (IP address) and account: after <see cref="AccountOptions.FailuresPerClient"/>
/// failures within <see cref="AccountOptions.FailureWindow"/>, that client is refused for that account (its password is
/// not even checked, so its guesses stop counting towards the account's lockout) until the window ends. One client can
/// therefore neither guess on nor keep a known account locked; the account-wide lockout needs failures from many clients.
/// Applied to unknown emails too, so the answer says nothing about whether an account exists. In memory, per replica.
/// </summary>
public sealed class SignInThrottle(IOptions<AccountOptions> options, TimeProvider clock)
{
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<(string Client, string Account), Failures> _failures = new();

    /// <summary>How long the client stays refused for the account, or null when it may try.</summary>
    public TimeSpan? RefusedFor(string client, string account)
    {
        if (!_failures.TryGetValue(Key(client, account), out var failures))
            return null;
        lock (failures)
        {
            var left = failures.Since + options.Value.FailureWindow - clock.GetUtcNow();
            return failures.Count >= options.Value.FailuresPerClient && left > TimeSpan.Zero ? left : null;
        }
    }

    public void Failed(string client, string account)
    {
        var now = clock.GetUtcNow();
        var failures = _failures.GetOrAdd(Key(client, account), _ => new Failures { Since = now });
        lock (failures)
        {
            if (now - failures.Since >= options.Value.FailureWindow)
            {
                failures.Since = now;
                failures.Count = 0;
            }
            failures.Count++;
        }
        if (_failures.Count > PruneAbove)
            Prune(now);
    }

    public void Succeeded(string client, string account) => _failures.TryRemove(Key(client, account), out _);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
        {
            if (now - failures.Since >= options.Value.FailureWindow)
                _failures.TryRemove(key, out _);
        }
    }

    private static (string, string) Key(string client, string account) => (client, account.Trim().ToUpperInvariant());

    private sealed class Failures
    {
        public DateTimeOffset Since;
        public int Count;
    }
}
