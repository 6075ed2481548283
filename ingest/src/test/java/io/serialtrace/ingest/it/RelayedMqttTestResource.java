package io.serialtrace.ingest.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

/**
 * The stack as {@link StackTestResource} gives it, but the app reaches the MQTT broker through a
 * {@link CuttableRelay}, injected into the test's {@code CuttableRelay} field.
 */
public class RelayedMqttTestResource extends StackTestResource {
  private CuttableRelay relay;

  @Override
  public Map<String, String> start() {
    Map<String, String> config = super.start();
    URI broker = URI.create(endpoints().mqttUrl());
    try {
      relay = new CuttableRelay(broker.getHost(), broker.getPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    config.put("mp.messaging.connector.smallrye-mqtt.host", "127.0.0.1");
    config.put("mp.messaging.connector.smallrye-mqtt.port", Integer.toString(relay.port()));
    return config;
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(relay, new TestInjector.MatchesType(CuttableRelay.class));
  }

  @Override
  public void stop() {
    if (relay != null) {
      relay.close();
    }
  }
}
