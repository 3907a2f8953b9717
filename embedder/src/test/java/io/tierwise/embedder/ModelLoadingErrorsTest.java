package io.tierwise.embedder;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad model directories fail with one exception that names the file and the problem. */
class ModelLoadingErrorsTest {

  @TempDir Path temp;

  @Test
  void missingDirectory() {
    Path missing = temp.resolve("no-such-model");
    assertFailure(missing, missing.toString(), "neither a bundled model");
  }

  @Test
  void missingModelFile() throws IOException {
    Path directory = Files.createDirectories(temp.resolve("empty"));
    assertFailure(directory, directory.resolve("model.onnx").toString(), "missing");
  }

  @Test
  void emptyModelFile() throws IOException {
    Path directory = exported("empty-model");
    Files.write(directory.resolve("model.onnx"), new byte[0]);
    assertFailure(directory, directory.resolve("model.onnx").toString(), "empty");
  }

  @Test
  void garbageModelFile() throws IOException {
    Path directory = exported("garbage-model");
    long seed = 42L;
    System.out.println("garbage model seed: " + seed);
    byte[] garbage = new byte[4096];
    new Random(seed).nextBytes(garbage);
    Files.write(directory.resolve("model.onnx"), garbage);
    assertFailure(directory, directory.resolve("model.onnx").toString(), "cannot be loaded");
  }

  @Test
  void truncatedModelFile() throws IOException {
    Path directory = exported("truncated-model");
    Path model = directory.resolve("model.onnx");
    byte[] bytes = Files.readAllBytes(model);
    Files.write(model, Arrays.copyOf(bytes, bytes.length / 3));
    assertFailure(directory, model.toString(), "cannot be loaded");
  }

  @Test
  void modelPathIsADirectory() throws IOException {
    Path directory = exported("model-is-dir");
    Path model = directory.resolve("model.onnx");
    Files.delete(model);
    Files.createDirectory(model);
    assertFailure(directory, model.toString(), "not a regular file");
  }

  @Test
  void missingTokenizer() throws IOException {
    Path directory = exported("no-tokenizer");
    Files.delete(directory.resolve("tokenizer.json"));
    assertFailure(directory, directory.resolve("tokenizer.json").toString(), "missing");
  }

  @Test
  void malformedTokenizer() throws IOException {
    Path directory = exported("bad-tokenizer");
    Files.writeString(directory.resolve("tokenizer.json"), "{\"version\": \"1.0\", \"model\": 42");
    assertFailure(directory, directory.resolve("tokenizer.json").toString(), "cannot be loaded");
  }

  @Test
  void tokenizerThatIsNotATokenizer() throws IOException {
    Path directory = exported("not-a-tokenizer");
    Files.writeString(directory.resolve("tokenizer.json"), "{\"version\": \"1.0\"}");
    assertFailure(directory, directory.resolve("tokenizer.json").toString(), "cannot be loaded");
  }

  @Test
  void unknownConfigKey() throws IOException {
    Path directory = exported("typo-config");
    Path config = directory.resolve(ModelDirectory.CONFIG_FILE);
    Files.writeString(config, "{\"poolng\": \"cls\"}");
    assertFailure(directory, config.toString(), "unknown key 'poolng'");
  }

  @Test
  void unsupportedPooling() throws IOException {
    Path directory = exported("max-pooling");
    Path config = directory.resolve(ModelDirectory.CONFIG_FILE);
    Files.writeString(config, "{\"pooling\": \"max\"}");
    assertFailure(directory, config.toString(), "'max'");
  }

  @Test
  void tooShortConfiguredMaxLength() throws IOException {
    Path directory = exported("short-config");
    Path config = directory.resolve(ModelDirectory.CONFIG_FILE);
    Files.writeString(config, "{\"maxLength\": 1}");
    assertFailure(directory, config.toString(), "at least 2");
  }

  @Test
  void configThatIsNotJson() throws IOException {
    Path directory = exported("broken-config");
    Path config = directory.resolve(ModelDirectory.CONFIG_FILE);
    Files.writeString(config, "pooling = cls");
    assertFailure(directory, config.toString(), "not valid JSON");
  }

  private Path exported(String name) throws IOException {
    return TestModels.exportAsDirectory(
        BundledEmbeddingModel.ALL_MINILM_L6_V2_Q, temp.resolve(name));
  }

  private static void assertFailure(Path directory, String namedPath, String problem) {
    EmbeddingModelException e =
        assertThrows(
            EmbeddingModelException.class,
            () -> OnnxTextEmbedder.open(EmbedderSettings.of(directory.toString())).close());
    assertTrue(e.getMessage().contains(namedPath), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }
}
