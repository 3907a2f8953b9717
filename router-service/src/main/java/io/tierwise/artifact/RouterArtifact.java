package io.tierwise.artifact;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tierwise.classifier.TierSuccessModel;
import io.tierwise.cost.PromptCostModel;
import io.tierwise.features.PromptTemplates;
import io.tierwise.knn.KnnMemory;
import io.tierwise.knn.KnnMemoryOptions;
import io.tierwise.scoring.TierScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * A trained router on disk, and its loaded form. Layout of the directory:
 *
 * <pre>
 * manifest.json          what the router is ({@link RouterManifest})
 * classifier.bin         calibrated per-tier success model
 * memory/                Lucene kNN memory of labelled prompts
 * validation.json        held-out scores for calibrating any target at serving time
 * training-report.txt    per-tier cross-validation, calibration and reliability tables
 * local-confidence.json  optional: the local tier's answer-confidence calibration (retrained artifacts)
 * </pre>
 */
public final class RouterArtifact implements AutoCloseable {

  public static final String MANIFEST = "manifest.json";
  public static final String CLASSIFIER = "classifier.bin";
  public static final String MEMORY = "memory";
  public static final String VALIDATION = "validation.json";
  public static final String TRAINING_REPORT = "training-report.txt";

  /**
   * The local tier's {@code ConfidenceCalibration} as JSON, present when the manifest has a {@link
   * RouterManifest#localConfidence()}.
   */
  public static final String LOCAL_CONFIDENCE = "local-confidence.json";

  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path directory;
  private final RouterManifest manifest;
  private final TierScorer scorer;
  private final ValidationScores validation;

  private RouterArtifact(
      Path directory, RouterManifest manifest, TierScorer scorer, ValidationScores validation) {
    this.directory = directory;
    this.manifest = manifest;
    this.scorer = scorer;
    this.validation = validation;
  }

  /**
   * Loads an artifact directory.
   *
   * @throws RouterArtifactException naming the file, if anything is missing, corrupt or of an
   *     unknown format version
   */
  public static RouterArtifact load(Path directory) {
    Objects.requireNonNull(directory, "directory");
    if (!Files.isDirectory(directory)) {
      throw new RouterArtifactException(
          "router artifact not found: " + directory + " is not a directory");
    }
    RouterManifest manifest = readManifest(directory);
    ValidationScores validation = readJson(directory.resolve(VALIDATION), ValidationScores.class);
    TierSuccessModel classifier;
    Path classifierFile = directory.resolve(CLASSIFIER);
    try {
      classifier = TierSuccessModel.load(classifierFile);
    } catch (IOException | RuntimeException e) {
      throw new RouterArtifactException(
          "cannot read classifier " + classifierFile + ": " + e.getMessage(), e);
    }
    PromptCostModel costs =
        new PromptCostModel(manifest.costModel().intercepts(), manifest.costModel().slopes());
    PromptTemplates templates =
        new PromptTemplates(
            manifest.templates().stream()
                .map(t -> new PromptTemplates.Prefix(t.chars(), t.sha256()))
                .toList());
    KnnMemory memory =
        KnnMemory.open(
            directory.resolve(MEMORY), KnnMemoryOptions.defaults().withFeatureSpec(manifest.knn()));
    try {
      if (memory.dimension() != manifest.embedder().dimension()) {
        throw new RouterArtifactException(
            "kNN memory in "
                + directory
                + " holds "
                + memory.dimension()
                + "-dimensional vectors but the manifest says "
                + manifest.embedder().dimension());
      }
      TierScorer scorer = new TierScorer(manifest.tiers(), memory, classifier, costs, templates);
      return new RouterArtifact(directory, manifest, scorer, validation);
    } catch (RuntimeException e) {
      memory.close();
      throw e instanceof RouterArtifactException
          ? e
          : new RouterArtifactException(directory + ": " + e.getMessage(), e);
    }
  }

  /** Reads only the manifest, e.g. to compare versions before loading. */
  public static RouterManifest readManifest(Path directory) {
    RouterManifest manifest = readJson(directory.resolve(MANIFEST), RouterManifest.class);
    if (manifest.formatVersion() != RouterManifest.FORMAT_VERSION) {
      throw new RouterArtifactException(
          directory.resolve(MANIFEST)
              + ": artifact format version "
              + manifest.formatVersion()
              + " is not supported (this build reads version "
              + RouterManifest.FORMAT_VERSION
              + ")");
    }
    return manifest;
  }

  /**
   * Writes the files of an artifact into {@code directory}, whose {@code memory/} subdirectory must
   * already hold the kNN memory the classifier was trained with. Each file is written to a
   * temporary name and moved into place.
   */
  public static void write(
      Path directory,
      RouterManifest manifest,
      TierSuccessModel classifier,
      ValidationScores validation,
      String trainingReport) {
    try {
      Files.createDirectories(directory);
      classifier.save(directory.resolve(CLASSIFIER));
      writeAtomically(directory.resolve(VALIDATION), JSON.writeValueAsBytes(validation));
      writeAtomically(
          directory.resolve(TRAINING_REPORT),
          trainingReport.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      // The manifest goes last: an artifact without one is visibly incomplete.
      writeAtomically(directory.resolve(MANIFEST), JSON.writeValueAsBytes(manifest));
    } catch (IOException e) {
      throw new RouterArtifactException(
          "cannot write router artifact " + directory + ": " + e.getMessage(), e);
    }
  }

  private static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temporary, bytes);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static <T> T readJson(Path file, Class<T> type) {
    if (!Files.isRegularFile(file)) {
      throw new RouterArtifactException("router artifact file missing: " + file);
    }
    try {
      return JSON.readValue(file.toFile(), type);
    } catch (IOException | RuntimeException e) {
      throw new RouterArtifactException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public Path directory() {
    return directory;
  }

  public RouterManifest manifest() {
    return manifest;
  }

  public TierScorer scorer() {
    return scorer;
  }

  public ValidationScores validation() {
    return validation;
  }

  @Override
  public void close() {
    scorer.close();
  }
}
