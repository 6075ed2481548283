package io.serialtrace.support.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP port that accepts every connection and never answers nor closes it: a registry that is "up"
 * to a connect check but hangs every request.
 */
public final class BlackholeServer implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> held = new ArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicLong firstAcceptedNanos = new AtomicLong();
  private final Thread acceptor;

  public BlackholeServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofPlatform().daemon().name("blackhole-acceptor").start(this::acceptForever);
  }

  /** An Apicurio v3 API URL pointing at this port. */
  public String registryUrl() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/apis/registry/v3";
  }

  /** Connections accepted so far (each one left unanswered). */
  public int accepted() {
    return accepted.get();
  }

  /** {@link System#nanoTime()} of the first accepted connection, if any. */
  public OptionalLong firstAcceptedNanos() {
    return accepted.get() == 0 ? OptionalLong.empty() : OptionalLong.of(firstAcceptedNanos.get());
  }

  private void acceptForever() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        firstAcceptedNanos.compareAndSet(0, System.nanoTime());
        synchronized (held) {
          held.add(socket);
        }
        accepted.incrementAndGet();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  @Override
  public void close() throws Exception {
    server.close();
    acceptor.join();
    synchronized (held) {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }
}
