package io.tierwise.reload;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tierwise.http.ApiException;
import io.tierwise.http.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Operator endpoints for the serving router, behind an {@link AdminGuard}:
 *
 * <ul>
 *   <li>{@code POST /admin/reload} with {@code {"artifact": "/path/to/artifact"}} loads that
 *       artifact (the operator's explicit choice, promotable or not); with no body, the newest
 *       promotable artifact in {@code reload.models-dir} (409 {@code no_promotable_artifact} when
 *       there is none), or, with no models directory configured, the serving artifact's directory
 *       again. Answers when the new router serves.
 *   <li>{@code POST /admin/rollback} returns to the router the last reload replaced.
 *   <li>{@code GET /admin/router} shows the serving and the rollback version.
 * </ul>
 */
public final class AdminService implements HttpService {

  private static final int MAX_BODY_BYTES = 16 * 1024;

  private final ReloadableRouters routers;
  private final Optional<ArtifactWatcher> watcher;
  private final AdminGuard guard;
  private final JsonCodec json;

  public AdminService(
      ReloadableRouters routers,
      Optional<ArtifactWatcher> watcher,
      AdminGuard guard,
      JsonCodec json) {
    this.routers = Objects.requireNonNull(routers, "routers");
    this.watcher = Objects.requireNonNull(watcher, "watcher");
    this.guard = Objects.requireNonNull(guard, "guard");
    this.json = Objects.requireNonNull(json, "json");
  }

  /** The body of every admin answer. */
  public record RouterView(
      String version, String artifact, String previousVersion, String replacedVersion) {}

  @Override
  public void routing(HttpRules rules) {
    rules
        .post("/admin/reload", this::reload)
        .post("/admin/rollback", this::rollback)
        .get("/admin/router", this::show);
  }

  private void reload(ServerRequest request, ServerResponse response) {
    guard.check(request);
    Path artifact = requestedArtifact(request).orElseGet(this::defaultArtifact);
    ReloadableRouters.Swap swap = routers.reload(artifact);
    send(response, swap);
  }

  private void rollback(ServerRequest request, ServerResponse response) {
    guard.check(request);
    send(response, routers.rollback());
  }

  private void show(ServerRequest request, ServerResponse response) {
    guard.check(request);
    ReloadableRouters.Status status = routers.status();
    json.send(
        response,
        new RouterView(
            status.version().orElse(null),
            status.artifact().map(Path::toString).orElse(null),
            status.previousVersion().orElse(null),
            null));
  }

  private void send(ServerResponse response, ReloadableRouters.Swap swap) {
    json.send(
        response,
        new RouterView(
            swap.version(),
            swap.artifact().toString(),
            routers.status().previousVersion().orElse(null),
            swap.replacedVersion().orElse(null)));
  }

  private Path defaultArtifact() {
    if (watcher.isPresent()) {
      return watcher
          .get()
          .newestPromotable()
          .orElseThrow(
              () ->
                  ReloadException.conflict(
                      "no_promotable_artifact",
                      "no promotable artifact newer than the serving one in "
                          + watcher.get().modelsDir()
                          + "; name one with {\"artifact\": \"<dir>\"}"));
    }
    return routers
        .status()
        .artifact()
        .orElseThrow(() -> ReloadException.unavailable("no router is loaded yet"));
  }

  private Optional<Path> requestedArtifact(ServerRequest request) {
    byte[] body;
    try (InputStream in = request.content().inputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the request body failed", e);
    }
    if (body.length > MAX_BODY_BYTES) {
      throw ApiException.tooLarge("admin request bodies are at most " + MAX_BODY_BYTES + " bytes");
    }
    if (new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return Optional.empty();
    }
    JsonNode root = json.parse(body);
    if (!root.isObject()) {
      throw ApiException.badRequest("invalid_request", "body must be a JSON object {artifact?}");
    }
    root.fieldNames()
        .forEachRemaining(
            name -> {
              if (!name.equals("artifact")) {
                throw ApiException.badRequest(
                    "unknown_field", "unknown field '" + name + "'; known fields: artifact");
              }
            });
    JsonNode artifact = root.get("artifact");
    if (artifact == null || artifact.isNull()) {
      return Optional.empty();
    }
    if (!artifact.isTextual() || artifact.asText().isBlank()) {
      throw ApiException.badRequest(
          "invalid_artifact", "artifact must be the path of an artifact directory");
    }
    Path path;
    try {
      path = Path.of(artifact.asText());
    } catch (InvalidPathException e) {
      throw ApiException.badRequest(
          "invalid_artifact", "artifact is not a file system path: " + artifact.asText());
    }
    if (!Files.isDirectory(path)) {
      throw ApiException.badRequest("invalid_artifact", "artifact " + path + " is not a directory");
    }
    return Optional.of(path);
  }
}
