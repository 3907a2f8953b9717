package io.tierwise.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TierSuccessModelFileTest {

  private static final int TIERS = 11;
  private static final int FEATURES = 450;

  private static TierSuccessModel model;
  private static double[][] rows;

  @TempDir Path directory;

  /** A production-sized model with random parameters and every calibration kind. */
  @BeforeAll
  static void buildModel() {
    SplittableRandom random = TestRandom.create("TierSuccessModelFileTest", 77);
    double[] means = new double[FEATURES];
    double[] scales = new double[FEATURES];
    List<String> names = new ArrayList<>();
    for (int j = 0; j < FEATURES; j++) {
      means[j] = TestRandom.gaussian(random);
      scales[j] = 0.1 + random.nextDouble();
      names.add(j < 384 ? "embedding." + j : "knn." + (j - 384));
    }
    List<String> tiers = new ArrayList<>();
    List<TierClassifier> classifiers = new ArrayList<>();
    for (int t = 0; t < TIERS; t++) {
      tiers.add("tier-" + t);
      double[] beta = new double[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        beta[j] = 0.05 * TestRandom.gaussian(random);
      }
      ProbabilityCalibration calibration =
          switch (t % 3) {
            case 0 -> IdentityCalibration.INSTANCE;
            case 1 -> new PlattScaling(0.8 + random.nextDouble(), random.nextDouble() - 0.5);
            default -> {
              double[] raw = new double[300];
              double[] labels = new double[300];
              for (int i = 0; i < raw.length; i++) {
                raw[i] = random.nextDouble();
                labels[i] = random.nextDouble() < raw[i] ? 1 : 0;
              }
              yield IsotonicCalibration.fit(raw, labels, null);
            }
          };
      classifiers.add(
          new TierClassifier(
              new LogisticRegression(beta, TestRandom.gaussian(random)), calibration));
    }
    model = TierSuccessModel.of(tiers, names, new FeatureScaler(means, scales), classifiers);
    rows = new double[50][FEATURES];
    for (double[] row : rows) {
      for (int j = 0; j < FEATURES; j++) {
        row[j] = TestRandom.gaussian(random);
      }
    }
  }

  @Test
  void roundTripIsBitExactAndCompact() throws IOException {
    Path file = directory.resolve("model.twsm");
    model.save(file);
    long size = Files.size(file);
    System.out.println("11 tiers x 450 features: " + size + " bytes");
    assertTrue(size < 100_000, "model file is " + size + " bytes");

    TierSuccessModel loaded = TierSuccessModel.load(file);
    assertEquals(model, loaded);
    assertEquals(model.tiers(), loaded.tiers());
    assertEquals(model.featureNames(), loaded.featureNames());
    for (double[] row : rows) {
      assertArrayEquals(model.predict(row), loaded.predict(row)); // exact: no delta
    }
    Path again = directory.resolve("again.twsm");
    loaded.save(again);
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));
    assertTrue(loaded.trainingReport().isEmpty());
  }

  @Test
  void aTrainedModelRoundTrips() throws IOException {
    SyntheticTiers data = SyntheticTiers.generate(TestRandom.create("trainedRoundTrip", 5), 400);
    TierSuccessModel trained =
        TierSuccessModel.train(
            data.trainingData(),
            TierTrainingOptions.defaults().withL2Grid(List.of(0.01, 0.1)).withFolds(3, 1));
    Path file = directory.resolve("trained.twsm");
    trained.save(file);
    TierSuccessModel loaded = TierSuccessModel.load(file);
    assertEquals(trained, loaded);
    assertArrayEquals(trained.predict(data.features[3]), loaded.predict(data.features[3]));
  }

  @Test
  void aFlippedByteIsReportedWithThePath() throws IOException {
    Path file = saved("flipped.twsm");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);
    ModelFormatException e =
        assertThrows(ModelFormatException.class, () -> TierSuccessModel.load(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    assertEquals(file, e.path());
  }

  @Test
  void aTruncatedFileIsReportedWithThePath() throws IOException {
    Path file = saved("truncated.twsm");
    byte[] bytes = Files.readAllBytes(file);
    for (int keep : new int[] {bytes.length - 9, 100, 13, 0}) {
      Files.write(file, Arrays.copyOf(bytes, keep));
      ModelFormatException e =
          assertThrows(ModelFormatException.class, () -> TierSuccessModel.load(file), "" + keep);
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
  }

  @Test
  void aForeignFileAndAnotherVersionAreRejected() throws IOException {
    Path foreign = directory.resolve("foreign.twsm");
    Files.writeString(foreign, "{\"this\": \"is json, not a model\"}");
    ModelFormatException magic =
        assertThrows(ModelFormatException.class, () -> TierSuccessModel.load(foreign));
    assertTrue(magic.getMessage().contains("bad magic"), magic.getMessage());

    Path future = saved("future.twsm");
    byte[] bytes = Files.readAllBytes(future);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 2);
    Files.write(future, bytes);
    ModelFormatException version =
        assertThrows(ModelFormatException.class, () -> TierSuccessModel.load(future));
    assertTrue(version.getMessage().contains("unsupported format version 2"), version.getMessage());
  }

  @Test
  void aHeaderThatDisagreesWithThePayloadIsRejected() throws IOException {
    // A well-formed file (valid checksum) whose header claims one more feature than stored.
    Path file = saved("inconsistent.twsm");
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = in.getInt(8);
    String header = new String(bytes, 12, headerLength, StandardCharsets.UTF_8);
    String edited = header.replace("\"featureNames\":[", "\"featureNames\":[\"extra\",");
    byte[] editedHeader = edited.getBytes(StandardCharsets.UTF_8);
    int payload = bytes.length - 12 - headerLength - 4;
    ByteBuffer out =
        ByteBuffer.allocate(12 + editedHeader.length + payload + 4).order(ByteOrder.LITTLE_ENDIAN);
    out.put(bytes, 0, 8).putInt(editedHeader.length).put(editedHeader);
    out.put(bytes, 12 + headerLength, payload);
    CRC32 crc = new CRC32();
    crc.update(out.array(), 0, out.capacity() - 4);
    out.putInt((int) crc.getValue());
    Files.write(file, out.array());
    ModelFormatException e =
        assertThrows(ModelFormatException.class, () -> TierSuccessModel.load(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("payload"), e.getMessage());
  }

  private Path saved(String name) throws IOException {
    Path file = directory.resolve(name);
    model.save(file);
    return file;
  }
}
