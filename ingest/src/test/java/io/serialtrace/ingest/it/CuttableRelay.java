package io.serialtrace.ingest.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of a real server that a test can cut: {@link #cut()} closes every relayed
 * connection on both sides (the server sees its client vanish) and refuses new ones until {@link
 * #restore()}. A network fault without touching the server.
 */
final class CuttableRelay implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  CuttableRelay(String host, int port) throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.target = new InetSocketAddress(host, port);
    Thread.ofPlatform().daemon().name("relay-" + port).start(this::accept);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Drops every relayed connection and refuses new ones. */
  void cut() {
    cut = true;
    open.forEach(CuttableRelay::closeQuietly);
  }

  /** Relays new connections again. */
  void restore() {
    cut = false;
  }

  @Override
  public void close() {
    closeQuietly(listener);
    cut();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (cut) {
          client.close();
          continue;
        }
        Socket server = new Socket();
        server.connect(target, CONNECT_TIMEOUT_MILLIS);
        open.add(client);
        open.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        // The listener closed (then the loop ends) or one connection failed: keep accepting.
      }
    }
  }

  /** Copies one direction; when either side ends, both sockets close. */
  private void pump(Socket from, Socket to) {
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                from.getInputStream().transferTo(to.getOutputStream());
              } catch (IOException e) {
                // Cut or closed by a peer: the finally block ends the connection.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            });
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Already closed.
    }
  }
}
