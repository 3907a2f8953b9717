package io.tierwise.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierwise.config.ConfigException;
import io.tierwise.config.ServerSettings;
import io.tierwise.config.TierwiseSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Server and router-supplier lifecycle, and failing at start. */
class TierwiseServerTest {

  private static TierwiseSettings settings() {
    TierwiseSettings defaults = TierwiseSettings.defaults();
    return defaults.withServer(new ServerSettings("127.0.0.1", 0, 65_536, 10_000, 8, false));
  }

  @Test
  void closeStopsServingAndIsSafeTwice() throws Exception {
    TierwiseServer server = TierwiseServer.start(settings(), RouterSupplier.of(new LengthRouter()));
    TestClient client = new TestClient(server.uri());
    assertEquals(200, client.get("/health").statusCode());

    server.close();
    server.close();

    assertThrows(ConnectException.class, () -> client.get("/health"));
  }

  @Test
  void awaitCloseReturnsOnceClosed() throws Exception {
    TierwiseServer server = TierwiseServer.start(settings(), RouterSupplier.of(new LengthRouter()));
    CountDownLatch returned = new CountDownLatch(1);
    Thread waiter =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    server.awaitClose();
                    returned.countDown();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });

    server.close();

    assertTrue(returned.await(30, TimeUnit.SECONDS));
    waiter.join();
  }

  @Test
  void aTakenPortFailsTheStart() throws Exception {
    try (TierwiseServer first =
        TierwiseServer.start(settings(), RouterSupplier.of(new LengthRouter()))) {
      TierwiseSettings samePort = settings().withServer(settings().server().withPort(first.port()));

      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> TierwiseServer.start(samePort, RouterSupplier.of(new LengthRouter())));
      assertEquals(
          "cannot listen on 127.0.0.1:"
              + first.port()
              + " (port in use or address not available; the log above has the cause)",
          e.getMessage());
      assertEquals(200, new TestClient(first.uri()).get("/health").statusCode());
    }
  }

  @Test
  void theRouterSupplierClosesItsRouter() {
    LengthRouter router = new LengthRouter();
    RouterSupplier routers = RouterSupplier.of(router);

    routers.close();
    routers.close();

    assertTrue(router.isClosed());
    assertInstanceOf(RouterState.Closed.class, routers.state());
    assertEquals(
        "the server is shutting down",
        assertThrows(ApiException.class, routers::require).getMessage());
  }

  @Test
  void aBackgroundLoadBecomesReady() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    LengthRouter router = new LengthRouter();
    RouterSupplier routers =
        RouterSupplier.loadInBackground(
            () -> {
              release.await();
              return router;
            });
    assertInstanceOf(RouterState.Loading.class, routers.state());

    release.countDown();
    RouterState state =
        TestClient.eventually(routers::state, s -> !(s instanceof RouterState.Loading));

    assertEquals(new RouterState.Ready(router), state);
    routers.close();
    assertTrue(router.isClosed());
  }

  @Test
  void aFailedBackgroundLoadSaysWhy() throws Exception {
    RouterSupplier routers =
        RouterSupplier.loadInBackground(
            () -> {
              throw new IOException("models/default/manifest.json: no such file");
            });

    RouterState state =
        TestClient.eventually(routers::state, s -> !(s instanceof RouterState.Loading));

    assertEquals(new RouterState.Failed("models/default/manifest.json: no such file"), state);
  }

  @Test
  void aRouterThatFinishesLoadingAfterCloseIsClosed() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    LengthRouter router = new LengthRouter();
    RouterSupplier routers =
        RouterSupplier.loadInBackground(
            () -> {
              release.await();
              return router;
            });

    routers.close();
    release.countDown();

    assertTrue(TestClient.eventually(router::isClosed, closed -> closed));
    assertInstanceOf(RouterState.Closed.class, routers.state());
  }

  @Test
  void anInvalidConfigurationExitsWithCode2AndOneLine() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                FakeRouterServer.class.getName())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("TIERWISE_SERVER_PORT", "http");
    Process failing = builder.start();

    assertTrue(failing.waitFor(60, TimeUnit.SECONDS), "the process must exit by itself");
    String stderr = new String(failing.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertEquals(ConfigException.EXIT_CODE, failing.exitValue(), stderr);
    assertEquals(
        List.of(
            "invalid configuration: server.port must be an integer, got: http (from environment"
                + " variable TIERWISE_SERVER_PORT)"),
        stderr.lines().toList());
    assertFalse(stderr.contains("Exception"));
  }
}
