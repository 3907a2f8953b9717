package io.tierwise.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tierwise.config.TierwiseSettings;
import io.tierwise.http.JsonCodec;
import io.tierwise.http.TierwiseServer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload over real sockets: client threads keep calling {@code /v1/route} and {@code
 * /v1/route:batch} while the router is reloaded eight times and rolled back four times through
 * {@code /admin}. No request may fail, decisions must name every version that served, and every
 * retired router must end up closed.
 */
class ReloadUnderLoadTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CLIENTS = 4;
  // Each routing call spins this long, so calls are in flight whenever a swap happens.
  private static final long ROUTE_NANOS = 2_000_000;

  @TempDir Path dir;

  private final Map<String, VersionedRouter> loaded = new ConcurrentHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void reloadsAndARollbackUnderConcurrentLoadFailNoRequest() throws Exception {
    RouterLoader loader =
        artifact -> {
          String version = artifact.getFileName().toString();
          VersionedRouter router = new VersionedRouter(version, ROUTE_NANOS);
          loaded.put(version, router);
          return router;
        };
    Files.createDirectories(dir.resolve("v0"));
    TierwiseSettings settings =
        TierwiseSettings.parse("test", "server: {port: 0, access-log: false}", Map.of());
    try (ReloadableRouters routers = ReloadableRouters.loadInBackground(loader, dir.resolve("v0"));
        TierwiseServer server =
            TierwiseServer.builder(settings, routers)
                .register(
                    new AdminService(
                        routers,
                        Optional.empty(),
                        AdminGuard.of(Optional.empty()),
                        new JsonCodec(4096)))
                .start()) {
      URI base = server.uri();
      awaitReady(base);
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger served = new AtomicInteger();
      List<String> failures = new CopyOnWriteArrayList<>();
      Set<String> versions = ConcurrentHashMap.newKeySet();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        boolean batch = c % 2 == 1;
        clients.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      while (running.get()) {
                        try {
                          HttpResponse<String> r =
                              batch
                                  ? post(
                                      base,
                                      "/v1/route:batch",
                                      "{\"requests\": [{\"prompt\": \"a\"}, {\"prompt\": \"b\"}]}")
                                  : post(base, "/v1/route", "{\"prompt\": \"what is 2+2?\"}");
                          if (r.statusCode() != 200) {
                            failures.add(r.statusCode() + " " + r.body());
                            continue;
                          }
                          JsonNode body = JSON.readTree(r.body());
                          for (JsonNode d : batch ? body.get("decisions") : List.of(body)) {
                            versions.add(d.get("routerVersion").asText());
                          }
                          served.incrementAndGet();
                        } catch (Exception e) {
                          failures.add(e.toString());
                        }
                      }
                    }));
      }
      List<String> swapped = new ArrayList<>();
      for (int v = 1; v <= 5; v++) {
        Path artifact = Files.createDirectories(dir.resolve("v" + v));
        awaitMoreServed(served, 20);
        HttpResponse<String> reload =
            post(base, "/admin/reload", "{\"artifact\": \"" + artifact + "\"}");
        assertEquals(200, reload.statusCode(), reload.body());
        swapped.add(JSON.readTree(reload.body()).get("version").asText());
      }
      awaitMoreServed(served, 20);
      HttpResponse<String> rollback = post(base, "/admin/rollback", "");
      // Each rollback retires a router that requests are using right now.
      for (String trial : List.of("r1", "r2", "r3")) {
        awaitMoreServed(served, 20);
        Path artifact = Files.createDirectories(dir.resolve(trial));
        assertEquals(
            200, post(base, "/admin/reload", "{\"artifact\": \"" + artifact + "\"}").statusCode());
        awaitMoreServed(served, 20);
        assertEquals(200, post(base, "/admin/rollback", "").statusCode());
      }
      awaitMoreServed(served, 20);
      running.set(false);
      for (Thread client : clients) {
        client.join();
      }

      assertEquals(List.of(), failures, "failed requests");
      assertEquals(List.of("v1", "v2", "v3", "v4", "v5"), swapped);
      assertEquals(200, rollback.statusCode(), rollback.body());
      assertEquals("v4", JSON.readTree(rollback.body()).get("version").asText());
      assertEquals("v4", routers.require().version());
      assertTrue(
          versions.containsAll(Set.of("v0", "v1", "v2", "v3", "v4", "v5")), versions.toString());
      for (String retired : List.of("v0", "v1", "v2", "v3", "v5", "r1", "r2", "r3")) {
        assertTrue(loaded.get(retired).isClosed(), retired + " should be closed");
        assertEquals(0, loaded.get(retired).inFlight(), retired);
      }
      assertFalse(loaded.get("v4").isClosed(), "the serving router is open");
      JsonNode shown = JSON.readTree(get(base, "/admin/router").body());
      assertEquals("v4", shown.get("version").asText());
      assertTrue(shown.path("previousVersion").isMissingNode(), shown.toString());
    }
  }

  @Test
  void anAdminTokenIsRequiredWhenConfigured() throws Exception {
    RouterLoader loader = artifact -> new VersionedRouter(artifact.getFileName().toString());
    TierwiseSettings settings =
        TierwiseSettings.parse("test", "server: {port: 0, access-log: false}", Map.of());
    try (ReloadableRouters routers =
            ReloadableRouters.of(loader, new VersionedRouter("v0"), dir.resolve("v0"));
        TierwiseServer server =
            TierwiseServer.builder(settings, routers)
                .register(
                    new AdminService(
                        routers,
                        Optional.empty(),
                        AdminGuard.of(Optional.of("s3cret")),
                        new JsonCodec(4096)))
                .start()) {
      URI base = server.uri();
      HttpResponse<String> none = post(base, "/admin/rollback", "");
      HttpResponse<String> wrong =
          http.send(
              HttpRequest.newBuilder(base.resolve("/admin/router"))
                  .header("Authorization", "Bearer guess")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> right =
          http.send(
              HttpRequest.newBuilder(base.resolve("/admin/router"))
                  .header("Authorization", "Bearer s3cret")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> noPrevious =
          http.send(
              HttpRequest.newBuilder(base.resolve("/admin/rollback"))
                  .header("Authorization", "Bearer s3cret")
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertEquals(401, none.statusCode(), none.body());
      assertEquals(
          "admin_unauthorized", JSON.readTree(none.body()).get("error").get("code").asText());
      assertEquals(401, wrong.statusCode(), wrong.body());
      assertEquals(200, right.statusCode(), right.body());
      assertEquals("v0", JSON.readTree(right.body()).get("version").asText());
      assertEquals(409, noPrevious.statusCode(), noPrevious.body());
      HttpResponse<String> badPath =
          http.send(
              HttpRequest.newBuilder(base.resolve("/admin/reload"))
                  .header("Authorization", "Bearer s3cret")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"artifact\": \"/no/such/dir\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(400, badPath.statusCode(), badPath.body());
      assertEquals(
          "invalid_artifact", JSON.readTree(badPath.body()).get("error").get("code").asText());
    }
  }

  @Test
  void withoutATokenOnlyLoopbackCallersAreAdmitted() throws Exception {
    Optional<InetAddress> external = nonLoopbackAddress();
    Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
    RouterLoader loader = artifact -> new VersionedRouter(artifact.getFileName().toString());
    TierwiseSettings settings =
        TierwiseSettings.parse(
            "test", "server: {host: 0.0.0.0, port: 0, access-log: false}", Map.of());
    try (ReloadableRouters routers =
            ReloadableRouters.of(loader, new VersionedRouter("v0"), dir.resolve("v0"));
        TierwiseServer server =
            TierwiseServer.builder(settings, routers)
                .register(
                    new AdminService(
                        routers,
                        Optional.empty(),
                        AdminGuard.of(Optional.empty()),
                        new JsonCodec(4096)))
                .start()) {
      URI remote = URI.create("http://" + external.get().getHostAddress() + ":" + server.port());
      URI local = URI.create("http://127.0.0.1:" + server.port());

      HttpResponse<String> fromOutside = post(remote, "/admin/rollback", "");
      HttpResponse<String> routeFromOutside = post(remote, "/v1/route", "{\"prompt\": \"hi\"}");
      HttpResponse<String> fromLoopback = get(local, "/admin/router");

      assertEquals(403, fromOutside.statusCode(), fromOutside.body());
      assertEquals(
          "admin_forbidden", JSON.readTree(fromOutside.body()).get("error").get("code").asText());
      assertEquals(200, routeFromOutside.statusCode(), "only /admin is restricted");
      assertEquals(200, fromLoopback.statusCode(), fromLoopback.body());
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
    return NetworkInterface.networkInterfaces()
        .filter(
            i -> {
              try {
                return i.isUp() && !i.isLoopback();
              } catch (java.net.SocketException e) {
                return false;
              }
            })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .findFirst();
  }

  private HttpResponse<String> post(URI base, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(URI base, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitReady(URI base) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (get(base, "/health/ready").statusCode() != 200) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("router never became ready");
      }
      Thread.sleep(5);
    }
  }

  /** Waits until clients have been served {@code more} further times, so each version serves. */
  private static void awaitMoreServed(AtomicInteger served, int more) throws InterruptedException {
    int target = served.get() + more;
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (served.get() < target && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
  }
}
