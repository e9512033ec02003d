using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime;
using System.Text;

/// <summary>
/// Loaded by the runtime before the site's Main when <c>DOTNET_STARTUP_HOOKS</c> names this assembly and
/// <c>VOICESITE_LOAD_HOOK_PORT</c> a loopback port. Each connection sends one command line and gets one line back:
/// <c>stats</c> (runtime figures as <c>key=value</c> pairs) or <c>gc</c> (a full blocking compacting collection, then
/// the same figures, so the heap left is what is live). A sampler notes the thread-pool queue length every 10 ms.
/// Written by hand rather than read through EventPipe counters: it needs exact allocation totals
/// (<see cref="GC.GetTotalAllocatedBytes(bool)"/> with precise=true), which the counters only give as a rate.
/// </summary>
internal static class StartupHook
{
    private static long _queueSamples;
    private static long _queueSum;
    private static long _queueMax;

    public static void Initialize()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("VOICESITE_LOAD_HOOK_PORT"), out var port))
            return;
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        new Thread(() => Serve(listener)) { IsBackground = true, Name = "load-hook" }.Start();
        new Thread(Sample) { IsBackground = true, Name = "load-hook-sampler" }.Start();
    }

    private static void Sample()
    {
        while (true)
        {
            Thread.Sleep(10);
            var pending = ThreadPool.PendingWorkItemCount;
            Interlocked.Increment(ref _queueSamples);
            Interlocked.Add(ref _queueSum, pending);
            if (pending > Interlocked.Read(ref _queueMax))
                Interlocked.Exchange(ref _queueMax, pending);
        }
    }

    private static void Serve(TcpListener listener)
    {
        while (true)
        {
            try
            {
                using var client = listener.AcceptTcpClient();
                using var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                var command = reader.ReadLine()?.Trim();
                if (command == "gc")
                {
                    GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    GC.WaitForPendingFinalizers();
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                }
                var bytes = Encoding.ASCII.GetBytes(Stats() + "\n");
                stream.Write(bytes);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private static string Stats()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        var samples = Interlocked.Exchange(ref _queueSamples, 0);
        var sum = Interlocked.Exchange(ref _queueSum, 0);
        var max = Interlocked.Exchange(ref _queueMax, 0);
        var figures = new (string, double)[]
        {
            ("allocated", GC.GetTotalAllocatedBytes(precise: true)),
            ("gen0", GC.CollectionCount(0)),
            ("gen1", GC.CollectionCount(1)),
            ("gen2", GC.CollectionCount(2)),
            ("pauseMs", GC.GetTotalPauseDuration().TotalMilliseconds),
            ("heapBytes", GC.GetTotalMemory(forceFullCollection: false)),
            ("heapAfterLastGc", info.HeapSizeBytes),
            ("committedBytes", info.TotalCommittedBytes),
            ("workingSet", Environment.WorkingSet),
            ("threads", Process.GetCurrentProcess().Threads.Count),
            ("poolThreads", ThreadPool.ThreadCount),
            ("poolCompleted", ThreadPool.CompletedWorkItemCount),
            ("queueAvg", samples == 0 ? 0 : (double)sum / samples),
            ("queueMax", max),
            ("lockContention", Monitor.LockContentionCount),
            ("serverGc", GCSettings.IsServerGC ? 1 : 0),
            ("concurrentGc", AppContext.GetData("System.GC.Concurrent") is bool c && !c ? 0 : 1),
            ("processors", Environment.ProcessorCount),
        };
        return string.Join(' ', figures.Select(f => f.Item1 + "=" + f.Item2.ToString("R", CultureInfo.InvariantCulture)));
    }
}
