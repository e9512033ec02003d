using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace VoiceSite.Data;

/// <summary>
/// One writer at a time on the SQLite file, queued asynchronously. SQLite lets one connection write at a time;
/// Microsoft.Data.Sqlite answers a second writer's "database is busy" by putting its thread to sleep for 150 ms and
/// trying again until the command timeout (its async methods run synchronously). In a live site those sleeping
/// threads are thread-pool threads: measured with 20 realtime sessions barging in once a second (each cut stores a
/// turn), the relay stalled behind them and <c>Interrupt</c> took p99 247 ms (bench/results.md, "SQLite writers").
/// This gate makes the writers of this process wait their turn on a <see cref="SemaphoreSlim"/> instead, so no thread
/// sleeps and no writer waits 150 ms for a lock freed after 1. Another process on the same file still meets SQLite's
/// own locking, as before.
/// <para>
/// A write is a transaction (EF and Microsoft.Data.Sqlite begin them <c>IMMEDIATE</c>: the write lock is taken at
/// BEGIN) or a data-changing command outside one. The turn is held until the transaction ends, the command returns,
/// or (a command read through a data reader, such as <c>INSERT ... RETURNING</c>) the connection closes. A turn that
/// is not given back within <paramref name="maxWait"/> is skipped with a warning rather than waited for forever:
/// the writer then meets SQLite's own busy handling, as without the gate.
/// </para>
/// </summary>
public sealed partial class SqliteWriteGate(ILogger<SqliteWriteGate> logger, TimeSpan maxWait)
    : IDbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    /// <summary>
    /// A write holds the turn for milliseconds (a few hundred queued writers take well under a second); a turn held this
    /// long is a stuck writer, and the others go ahead into SQLite's own locking (up to its 30 s timeout) rather than stall.
    /// </summary>
    public static readonly TimeSpan DefaultMaxWait = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly ConcurrentDictionary<DbConnection, byte> _holders = new();
    private readonly ConditionalWeakTable<DbTransaction, DbConnection> _transactions = new();

    /// <summary>Connections holding the turn now (0 or 1 unless a wait ran out); for tests.</summary>
    public int Holders => _holders.Count;

    // Transactions: the turn from BEGIN to COMMIT or ROLLBACK (or the connection closing after a transaction disposed unfinished).
    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Enter(connection);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(connection, cancellationToken);
        return result;
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        _transactions.AddOrUpdate(result, connection); // Microsoft.Data.Sqlite forgets a transaction's connection once it ends
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(TransactionStarted(connection, eventData, result));

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Leave(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        LeaveAsync(transaction);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Leave(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        LeaveAsync(transaction);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Leave(transaction);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        LeaveAsync(transaction);

    // Commands outside a transaction that change data.
    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        BeforeCommand(command, result);

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default) => BeforeCommandAsync(command, result, cancellationToken);

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) => AfterCommand(command, result);

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(AfterCommand(command, result));

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        BeforeCommand(command, result);

    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result,
        CancellationToken cancellationToken = default) => BeforeCommandAsync(command, result, cancellationToken);

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) => AfterCommand(command, result);

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(AfterCommand(command, result));

    // A write read through a data reader (INSERT ... RETURNING) commits when its statement is reset: the turn is given
    // back when the connection closes, which EF does after each operation on a connection it opened.
    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        BeforeCommand(command, result);

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) => BeforeCommandAsync(command, result, cancellationToken);

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => LeaveAfterCommand(command);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        LeaveAfterCommand(command);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => LeaveAfterCommand(command);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        LeaveAfterCommand(command);
        return Task.CompletedTask;
    }

    // A connection that closes or is disposed holds nothing any more, whatever was left unfinished on it.
    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Leave(connection);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData) => LeaveAsync(connection);

    public void ConnectionDisposed(DbConnection connection, ConnectionEndEventData eventData) => Leave(connection);

    public Task ConnectionDisposedAsync(DbConnection connection, ConnectionEndEventData eventData) => LeaveAsync(connection);

    /// <summary>A command that changes data, run outside a transaction (inside one, the transaction holds the turn).</summary>
    public static bool IsLoneWrite(DbCommand command)
    {
        if (command.Transaction is not null || command.Connection is null)
            return false;
        var text = command.CommandText.AsSpan();
        while (true)
        {
            text = text.TrimStart();
            if (!text.StartsWith("--"))
                break;
            var end = text.IndexOf('\n');
            text = end < 0 ? [] : text[(end + 1)..];
        }
        return StartsWithWord(text, "INSERT") || StartsWithWord(text, "UPDATE") || StartsWithWord(text, "DELETE")
            || StartsWithWord(text, "REPLACE") || StartsWithWord(text, "PRAGMA");
    }

    private static bool StartsWithWord(ReadOnlySpan<char> text, string word) =>
        text.StartsWith(word, StringComparison.OrdinalIgnoreCase) && (text.Length == word.Length || !char.IsLetterOrDigit(text[word.Length]));

    private void Enter(DbConnection connection)
    {
        if (_holders.ContainsKey(connection))
            return; // this connection already writes (a transaction, or a reader's write not yet closed)
        if (!_turn.Wait(maxWait))
        {
            LogWaitedTooLong(maxWait.TotalSeconds);
            return;
        }
        _holders[connection] = 0;
    }

    private async Task EnterAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (_holders.ContainsKey(connection))
            return;
        if (!await _turn.WaitAsync(maxWait, cancellationToken))
        {
            LogWaitedTooLong(maxWait.TotalSeconds);
            return;
        }
        _holders[connection] = 0;
    }

    private T BeforeCommand<T>(DbCommand command, T result)
    {
        if (IsLoneWrite(command))
            Enter(command.Connection!);
        return result;
    }

    private async ValueTask<T> BeforeCommandAsync<T>(DbCommand command, T result, CancellationToken cancellationToken)
    {
        if (IsLoneWrite(command))
            await EnterAsync(command.Connection!, cancellationToken);
        return result;
    }

    private T AfterCommand<T>(DbCommand command, T result)
    {
        LeaveAfterCommand(command);
        return result;
    }

    private void LeaveAfterCommand(DbCommand command)
    {
        if (command.Transaction is null)
            Leave(command.Connection);
    }

    private void Leave(DbConnection? connection)
    {
        if (connection is not null && _holders.TryRemove(connection, out _))
            _turn.Release();
    }

    private void Leave(DbTransaction? transaction)
    {
        if (transaction is not null && _transactions.TryGetValue(transaction, out var connection))
        {
            _transactions.Remove(transaction);
            Leave(connection);
        }
    }

    private Task LeaveAsync(DbTransaction? transaction)
    {
        Leave(transaction);
        return Task.CompletedTask;
    }

    private Task LeaveAsync(DbConnection? connection)
    {
        Leave(connection);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A SQLite writer waited {Seconds} s for its turn; it goes ahead without it")]
    private partial void LogWaitedTooLong(double seconds);
}
