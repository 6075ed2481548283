/**
 * trace-api: REST over the ClickHouse tables written by genealogy-sink — the unit record (DHR),
 * backward and forward genealogy traces, recall scope, violations (listed and live) and the
 * contemporaneity report — plus the quality dashboard page. See the module README.
 */
package io.serialtrace.api;
