package io.tierwise.cli;

import io.tierwise.embedder.EmbedderSettings;
import io.tierwise.embedder.OnnxTextEmbedder;
import io.tierwise.embedder.TextEmbedder;
import io.tierwise.embedding.CachedTextEmbedder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where CLI commands find their defaults: the project home, the embedding cache, the shipped
 * router.
 */
final class CommandEnvironment {

  private CommandEnvironment() {}

  /**
   * The checkout the launcher runs from (system property {@code tierwise.home}), else the working
   * directory.
   */
  static Path home() {
    return Path.of(System.getProperty("tierwise.home", ".")).toAbsolutePath().normalize();
  }

  /** The shipped default router. */
  static Path defaultRouter() {
    return home().resolve("models").resolve("default");
  }

  /** Embedding cache: {@code $TIERWISE_CACHE_DIR}, else {@code ~/.cache/tierwise/embeddings}. */
  static Path embeddingCache() {
    return Optional.ofNullable(System.getenv("TIERWISE_CACHE_DIR"))
        .map(Path::of)
        .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache", "tierwise"))
        .resolve("embeddings");
  }

  /**
   * Opens {@code model} behind the on-disk embedding cache; progress of big batches goes to {@code
   * log}.
   */
  static TextEmbedder cachedEmbedder(String model, PrintStream log) {
    OnnxTextEmbedder embedder = OnnxTextEmbedder.open(EmbedderSettings.of(model));
    try {
      return CachedTextEmbedder.open(embedder, embeddingCache(), log);
    } catch (RuntimeException e) {
      embedder.close();
      throw e;
    }
  }
}
