package io.tierwise.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the trained router lives (YAML section {@code router}).
 *
 * @param artifact directory of the router artifact (kNN memory, classifier, calibration); a
 *     relative path resolves against the working directory of the process
 */
public record RouterSettings(Path artifact) {

  public static final Path DEFAULT_ARTIFACT = Path.of("models", "default");

  public RouterSettings {
    Objects.requireNonNull(artifact, "artifact");
  }

  public static RouterSettings defaults() {
    return new RouterSettings(DEFAULT_ARTIFACT);
  }

  static RouterSettings read(SettingsReader section) {
    Path artifact = section.path("artifact").orElse(DEFAULT_ARTIFACT);
    return section.build(() -> new RouterSettings(artifact));
  }
}
