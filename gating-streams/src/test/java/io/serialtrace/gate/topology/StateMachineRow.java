package io.serialtrace.gate.topology;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The rows of the state machine's "Across units" tables a test executes. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface StateMachineRow {
  String[] value();
}
