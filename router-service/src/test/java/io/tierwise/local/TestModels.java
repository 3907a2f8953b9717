package io.tierwise.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.StreamSupport;

/** Locations of the two test models and readers for their reference files. */
final class TestModels {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TestModels() {}

  /** The trained TinyStories model in the shared data folder. */
  static Path stories260k() {
    String shared = System.getProperty("tierwise.shared.dir", "../shared");
    Path dir = Path.of(shared, "models", "stories260k");
    assertTrue(
        Files.isRegularFile(dir.resolve("model.onnx")),
        "stories260k not found at " + dir.toAbsolutePath() + " (set -Dtierwise.shared.dir)");
    return dir;
  }

  /** The tiny random-weight decoder committed under test resources. */
  static Path tinyDecoder() {
    try {
      return Path.of(TestModels.class.getResource("/tiny-decoder/model.onnx").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int[] ints(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::asInt).toArray();
  }

  static long[] longs(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).mapToLong(JsonNode::asLong).toArray();
  }

  static double[] doubles(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false)
        .mapToDouble(JsonNode::asDouble)
        .toArray();
  }
}
