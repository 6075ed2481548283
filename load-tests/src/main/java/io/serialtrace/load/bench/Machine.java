package io.serialtrace.load.bench;

/**
 * Where a run happened.
 *
 * @param cores processors the JVM sees
 * @param memoryMiB {@code MemTotal} of {@code /proc/meminfo}
 * @param jdk vendor and runtime version of the JVM running the harness (the services use the same)
 * @param os kernel name, release and architecture
 * @param commit {@code git describe --always --dirty} of the repository
 * @param loadBefore {@code /proc/loadavg} when the run started (other work on a shared machine)
 * @param loadAfter {@code /proc/loadavg} when it ended
 */
public record Machine(
    int cores,
    long memoryMiB,
    String jdk,
    String os,
    String commit,
    String loadBefore,
    String loadAfter) {}
