using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace VoiceSite.Tests.Infrastructure;

/// <summary>
/// A hub filter for tests: remembers the live hub connections so a test can cut them from the server side, as a
/// network drop or a load balancer would.
/// </summary>
public sealed class HubConnections : IHubFilter
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _live = new();

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        _live[context.Context.ConnectionId] = context.Context;
        return next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        _live.TryRemove(context.Context.ConnectionId, out _);
        return next(context, exception);
    }

    /// <summary>Aborts every live connection of the user; returns how many were cut.</summary>
    public int Cut(string userId)
    {
        var cut = 0;
        foreach (var context in _live.Values.Where(c => c.UserIdentifier == userId))
        {
            context.Abort();
            cut++;
        }
        return cut;
    }
}
