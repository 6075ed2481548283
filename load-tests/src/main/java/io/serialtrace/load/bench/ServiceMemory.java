package io.serialtrace.load.bench;

/**
 * Memory of one service process while the stated load ran: the largest sample of each.
 *
 * @param service the service's stack name (ingest, gate, sink, api)
 * @param pid its process id
 * @param heapUsedMiB Java heap in use (jcmd GC.heap_info)
 * @param heapCommittedMiB Java heap committed
 * @param rssMiB resident set size ({@code VmRSS} of {@code /proc/<pid>/status})
 * @param maxHeap the {@code -Xmx} it runs with, as given on its command line
 */
public record ServiceMemory(
    String service,
    long pid,
    double heapUsedMiB,
    double heapCommittedMiB,
    double rssMiB,
    String maxHeap) {}
