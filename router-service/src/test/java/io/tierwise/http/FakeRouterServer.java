package io.tierwise.http;

import io.tierwise.config.ConfigException;
import io.tierwise.config.TierwiseSettings;
import java.nio.file.Path;

/**
 * Runs the real server with the deterministic {@link LengthRouter}, the way {@code tierwise serve}
 * runs it with a trained router: for {@code benchmarks/load/route-load.sh} before a router is
 * wired, and for the start-up failure test. Usage: {@code FakeRouterServer [application.yaml]};
 * environment overrides apply ({@code TIERWISE_SERVER_PORT=0} etc.).
 */
public final class FakeRouterServer {

  private FakeRouterServer() {}

  public static void main(String[] args) throws InterruptedException {
    TierwiseSettings settings;
    try {
      settings =
          args.length > 0
              ? TierwiseSettings.load(Path.of(args[0]), System.getenv())
              : TierwiseSettings.loadBundled(System.getenv());
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(ConfigException.EXIT_CODE);
      return;
    }
    RouterSupplier routers = RouterSupplier.loadInBackground(() -> new LengthRouter(false));
    TierwiseServer server = TierwiseServer.start(settings, routers);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  routers.close();
                }));
    System.err.println("fake-router server listening on " + server.uri());
    server.awaitClose();
  }
}
