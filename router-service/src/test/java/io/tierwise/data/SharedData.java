package io.tierwise.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only public datasets that tests run against. */
final class SharedData {

  private SharedData() {}

  /** {@code <tierwise.shared.dir>/data/<relative>}, failing the test if it is missing. */
  static Path path(String relative) {
    String dir = System.getProperty("tierwise.shared.dir");
    assertTrue(dir != null, "system property tierwise.shared.dir is not set (run through Maven)");
    Path path = Path.of(dir, "data").resolve(relative);
    assertTrue(Files.exists(path), "public dataset missing: " + path);
    return path;
  }
}
