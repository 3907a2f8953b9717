package io.tierwise.reload;

import io.tierwise.routing.Router;
import java.nio.file.Path;

/** Loads a router from an artifact directory, e.g. {@code LearnedRouter::open}. */
@FunctionalInterface
public interface RouterLoader {

  /** Loads the artifact at {@code directory}; may take seconds (embedder, kNN memory). */
  Router load(Path directory) throws Exception;
}
