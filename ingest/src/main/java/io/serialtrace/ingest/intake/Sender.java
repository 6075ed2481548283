package io.serialtrace.ingest.intake;

import io.serialtrace.ingest.security.Caller;

/**
 * Who sends a request, as its channel authenticated them (21 CFR 11.10(h)); decides which identity
 * checks the intake policy applies and which principal each stored event records.
 */
public sealed interface Sender {

  /** The principal recorded on every event this sender submits. */
  String principal();

  /** The sender in a refusal's words. */
  String name();

  /**
   * A bearer token's holder (HTTP): each event must pass {@code EventAuthorization} against the
   * token, and a signature needs a fresh, single-use signing token.
   */
  record TokenHolder(Caller caller) implements Sender {
    @Override
    public String principal() {
      return caller.principal();
    }

    @Override
    public String name() {
      return caller.subject();
    }
  }

  /**
   * A client the MQTT broker authenticated: the topic names it ({@code principal}), and {@code
   * envelope} completes each event from the topic and refuses any other identity.
   */
  record BrokerClient(String principal, Envelope envelope) implements Sender {
    @Override
    public String name() {
      return principal;
    }
  }
}
