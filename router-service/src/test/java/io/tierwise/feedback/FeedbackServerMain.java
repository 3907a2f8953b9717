package io.tierwise.feedback;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tierwise.config.FeedbackSettings;
import io.tierwise.config.TierwiseSettings;
import io.tierwise.http.JsonCodec;
import io.tierwise.http.RouterSupplier;
import io.tierwise.http.TierwiseServer;
import io.tierwise.reload.VersionedRouter;
import java.nio.file.Path;
import java.util.Map;

/**
 * A server with {@code /v1/route} and {@code /v1/feedback} over a feedback store, for the
 * durability test to run in a child JVM and kill. Usage: {@code FeedbackServerMain <store.db>};
 * prints {@code listening <port>} on stdout once it serves.
 */
public final class FeedbackServerMain {

  private FeedbackServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    TierwiseSettings settings =
        TierwiseSettings.parse("child", "server: {port: 0, access-log: false}", Map.of());
    FeedbackStore store =
        FeedbackStore.open(
            FeedbackSettings.defaults().withStore(Path.of(args[0])), new SimpleMeterRegistry());
    TierwiseServer server =
        TierwiseServer.builder(settings, RouterSupplier.of(new VersionedRouter("child-1")))
            .decisionRecorder(store)
            .register(new FeedbackService(store, new JsonCodec(64 * 1024)))
            .start();
    System.out.println("listening " + server.port());
    System.out.flush();
    server.awaitClose();
  }
}
