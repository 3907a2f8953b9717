package io.tierwise.embedder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The validated bytes of one model's ONNX graph and tokenizer, with the pooling and length limits
 * that belong to it.
 *
 * <p>The arrays are handed over without copying: they are tens of megabytes, read once, and only
 * passed on to ONNX Runtime and the tokenizer, which copy them into native memory.
 *
 * @param modelId the id reported by {@link TextEmbedder#modelId()}
 * @param graphLocation where {@code graph} was read from, for messages
 * @param graph the serialised ONNX model
 * @param tokenizerLocation where {@code tokenizerJson} was read from, for messages
 * @param tokenizerJson a HuggingFace {@code tokenizer.json}
 * @param pooling how token states become a sentence vector
 * @param defaultMaxLength tokens kept when the settings ask for the model default
 * @param maxPositions the longest input the model accepts, {@link Integer#MAX_VALUE} if unknown
 */
record ModelArtifacts(
    String modelId,
    String graphLocation,
    byte[] graph,
    String tokenizerLocation,
    byte[] tokenizerJson,
    Pooling pooling,
    int defaultMaxLength,
    int maxPositions) {

  /** Java arrays cannot be larger; the ONNX Runtime byte[] loader needs the whole graph. */
  private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

  private static final int DIGEST_HEX_CHARS = 12;

  /** Reads and checks everything the source names; fails with a message naming the file. */
  static ModelArtifacts read(EmbeddingModelSource source) {
    return switch (source) {
      case BundledEmbeddingModel bundled -> readBundled(bundled);
      case ModelDirectory directory -> readDirectory(directory);
    };
  }

  private static ModelArtifacts readBundled(BundledEmbeddingModel model) {
    byte[] graph = readResource(model, model.onnxResource(), "ONNX model");
    byte[] tokenizer = readResource(model, model.tokenizerResource(), "tokenizer");
    return new ModelArtifacts(
        model.id(),
        "classpath:" + model.onnxResource(),
        graph,
        "classpath:" + model.tokenizerResource(),
        tokenizer,
        model.pooling(),
        model.defaultMaxLength(),
        model.maxPositions());
  }

  static byte[] readResource(BundledEmbeddingModel model, String resource, String what) {
    ClassLoader loader = BundledEmbeddingModel.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new EmbeddingModelException(
            what
                + " resource '"
                + resource
                + "' of bundled model "
                + model.id()
                + " is not on the classpath; it comes from the jar "
                + model.artifact());
      }
      byte[] bytes = in.readAllBytes();
      if (bytes.length == 0) {
        throw new EmbeddingModelException(
            what + " resource '" + resource + "' of bundled model " + model.id() + " is empty");
      }
      return bytes;
    } catch (IOException e) {
      throw new EmbeddingModelException(
          "cannot read " + what + " resource '" + resource + "': " + e.getMessage(), e);
    }
  }

  private static ModelArtifacts readDirectory(ModelDirectory source) {
    Path directory = source.directory().toAbsolutePath().normalize();
    if (!Files.isDirectory(directory)) {
      throw new EmbeddingModelException(
          "embedding model '"
              + source.directory()
              + "' is neither a bundled model "
              + BundledEmbeddingModel.ids()
              + " nor an existing directory: "
              + directory);
    }
    Path graphFile = directory.resolve(ModelDirectory.MODEL_FILE);
    Path tokenizerFile = directory.resolve(ModelDirectory.TOKENIZER_FILE);
    byte[] graph = readFile(graphFile, "ONNX model");
    byte[] tokenizer = readFile(tokenizerFile, "tokenizer");
    ModelDirectoryConfig config = ModelDirectoryConfig.read(directory);
    return new ModelArtifacts(
        directoryModelId(directory, graph, tokenizer, config.pooling()),
        graphFile.toString(),
        graph,
        tokenizerFile.toString(),
        tokenizer,
        config.pooling(),
        config.maxLength(),
        Integer.MAX_VALUE);
  }

  /** Reads a model file after the checks that turn a bad file into a readable message. */
  static byte[] readFile(Path file, String what) {
    if (!Files.exists(file)) {
      throw new EmbeddingModelException(what + " file is missing: " + file);
    }
    if (!Files.isRegularFile(file)) {
      throw new EmbeddingModelException(what + " file is not a regular file: " + file);
    }
    if (!Files.isReadable(file)) {
      throw new EmbeddingModelException(what + " file is not readable: " + file);
    }
    try {
      long size = Files.size(file);
      if (size == 0) {
        throw new EmbeddingModelException(what + " file is empty: " + file);
      }
      if (size > MAX_FILE_BYTES) {
        throw new EmbeddingModelException(
            what + " file is too large (" + size + " bytes, at most 2 GiB supported): " + file);
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new EmbeddingModelException("cannot read " + what + " file " + file + ": " + e, e);
    }
  }

  /**
   * {@code dir:<folder>@<digest>}: the folder name for people, a digest of the graph, tokenizer and
   * pooling so that a re-exported model under the same name does not pass as the old one.
   */
  private static String directoryModelId(
      Path directory, byte[] graph, byte[] tokenizer, Pooling pooling) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
    sha256.update(graph);
    sha256.update(tokenizer);
    sha256.update(pooling.name().getBytes(StandardCharsets.UTF_8));
    String digest = HexFormat.of().formatHex(sha256.digest()).substring(0, DIGEST_HEX_CHARS);
    Path name = directory.getFileName();
    return "dir:" + (name == null ? directory : name) + "@" + digest;
  }
}
