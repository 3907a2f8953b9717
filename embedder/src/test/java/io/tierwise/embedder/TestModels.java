package io.tierwise.embedder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Copies of the bundled model files laid out as a model directory, and vector arithmetic. */
final class TestModels {

  private TestModels() {}

  /** Writes the bundled model's graph and tokenizer into {@code directory} as an export would. */
  static Path exportAsDirectory(BundledEmbeddingModel model, Path directory) throws IOException {
    Files.createDirectories(directory);
    copyResource(model.onnxResource(), directory.resolve(ModelDirectory.MODEL_FILE));
    copyResource(model.tokenizerResource(), directory.resolve(ModelDirectory.TOKENIZER_FILE));
    return directory;
  }

  static byte[] resourceBytes(String resource) throws IOException {
    try (InputStream in = TestModels.class.getClassLoader().getResourceAsStream(resource)) {
      return Objects.requireNonNull(in, resource).readAllBytes();
    }
  }

  private static void copyResource(String resource, Path target) throws IOException {
    Files.write(target, resourceBytes(resource));
  }

  static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  static double norm(float[] vector) {
    return Math.sqrt(dot(vector, vector));
  }

  static double maxAbsDiff(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
