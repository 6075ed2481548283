/**
 * The benchmark harness behind {@code ./trace bench}: every measurement of DESIGN section 8 beside
 * its baseline measured in the same run ({@link io.serialtrace.load.bench.BenchHarness}).
 */
package io.serialtrace.load.bench;
