package io.tierwise.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs over a real loopback socket pair whose sending side goes silent. */
class DeadlineInputStreamTest {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private ServerSocket listener;
  private Socket sender;
  private Socket receiver;

  @BeforeEach
  void connect() throws Exception {
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    sender = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    receiver = listener.accept();
  }

  @AfterEach
  void disconnect() throws Exception {
    timer.shutdownNow();
    sender.close();
    receiver.close();
    listener.close();
  }

  @Test
  void passesDataThroughWhileItFlows() throws Exception {
    byte[] data = "hello".getBytes();
    try (DeadlineInputStream in =
        new DeadlineInputStream(
            new ByteArrayInputStream(data), Duration.ofSeconds(5), Duration.ofSeconds(5), timer)) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }

  @Test
  void aSilentStreamFailsWithTheIdleTimeout() throws Exception {
    try (DeadlineInputStream in =
        new DeadlineInputStream(
            receiver.getInputStream(), Duration.ofMillis(100), Duration.ofMinutes(1), timer)) {
      sender.getOutputStream().write('x');
      assertEquals('x', in.read());
      SocketTimeoutException e = assertThrows(SocketTimeoutException.class, in::read);
      assertTrue(e.getMessage().contains("no data from upstream for 100 ms"), e.getMessage());
    }
  }

  @Test
  void theAbsoluteDeadlineCutsAStreamEvenWhileDataFlows() throws Exception {
    try (DeadlineInputStream in =
        new DeadlineInputStream(
            receiver.getInputStream(), Duration.ofMinutes(1), Duration.ofMillis(150), timer)) {
      SocketTimeoutException e = assertThrows(SocketTimeoutException.class, in::read);
      assertTrue(e.getMessage().contains("budget exhausted"), e.getMessage());
    }
  }

  @Test
  void clearingTheDeadlineLeavesOnlyTheIdleTimeout() throws Exception {
    try (DeadlineInputStream in =
        new DeadlineInputStream(
            receiver.getInputStream(), Duration.ofMillis(300), Duration.ofMillis(50), timer)) {
      in.clearDeadline();
      sender.getOutputStream().write('y');
      assertEquals('y', in.read());
      SocketTimeoutException e = assertThrows(SocketTimeoutException.class, in::read);
      assertTrue(e.getMessage().contains("no data"), e.getMessage());
    }
  }
}
