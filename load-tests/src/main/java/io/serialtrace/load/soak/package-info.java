/** {@code ./trace soak}: the plant simulator under a fault schedule, then exact accounting. */
package io.serialtrace.load.soak;
