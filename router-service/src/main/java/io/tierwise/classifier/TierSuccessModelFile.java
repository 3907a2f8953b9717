package io.tierwise.classifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The binary file format of a {@link TierSuccessModel}, all numbers little-endian:
 *
 * <pre>
 *   4 bytes   magic "TWSM"
 *   int32     format version (1)
 *   int32     header length H
 *   H bytes   UTF-8 JSON header: {"tiers": [...], "featureNames": [...],
 *             "calibrations": [{"kind": "identity"|"platt"|"isotonic", "knots": n}, ...]}
 *   float64[] scaler means (d), scaler scales (d),
 *             per tier: coefficients (d), intercept,
 *             per tier: calibration parameters (platt: slope, intercept; isotonic: n knots then
 *             n values; identity: none)
 *   int32     CRC-32 of every preceding byte
 * </pre>
 *
 * Doubles are stored exactly, so a loaded model predicts bit-for-bit like the saved one; an
 * 11-tier, 450-feature model takes about 45 KB.
 */
final class TierSuccessModelFile {

  static final int VERSION = 1;
  private static final byte[] MAGIC = {'T', 'W', 'S', 'M'};
  private static final int PREAMBLE_BYTES = MAGIC.length + 4 + 4;
  private static final int CHECKSUM_BYTES = 4;

  /** Far above any real model (11 tiers x 450 features is ~45 KB); guards against reading junk. */
  private static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private TierSuccessModelFile() {}

  static void write(TierSuccessModel model, Path path) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    ArrayNode tiers = header.putArray("tiers");
    model.tiers().forEach(tiers::add);
    ArrayNode features = header.putArray("featureNames");
    model.featureNames().forEach(features::add);
    ArrayNode calibrations = header.putArray("calibrations");
    List<Double> payload = new ArrayList<>();
    addAll(payload, model.scaler().means());
    addAll(payload, model.scaler().scales());
    for (TierClassifier classifier : model.classifiers()) {
      addAll(payload, classifier.regression().coefficients());
      payload.add(classifier.regression().intercept());
    }
    for (TierClassifier classifier : model.classifiers()) {
      ObjectNode entry = calibrations.addObject();
      entry.put("kind", classifier.calibration().kind());
      switch (classifier.calibration()) {
        case IdentityCalibration identity -> {}
        case PlattScaling platt -> {
          payload.add(platt.slope());
          payload.add(platt.intercept());
        }
        case IsotonicCalibration isotonic -> {
          entry.put("knots", isotonic.size());
          addAll(payload, isotonic.knots());
          addAll(payload, isotonic.values());
        }
      }
    }
    byte[] headerBytes = JSON.writeValueAsBytes(header);
    int size = PREAMBLE_BYTES + headerBytes.length + Double.BYTES * payload.size() + CHECKSUM_BYTES;
    ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(MAGIC).putInt(VERSION).putInt(headerBytes.length).put(headerBytes);
    for (double value : payload) {
      buffer.putDouble(value);
    }
    CRC32 crc = new CRC32();
    crc.update(buffer.array(), 0, size - CHECKSUM_BYTES);
    buffer.putInt((int) crc.getValue());

    // Write beside the target and move into place, so a crash never leaves a half-written model.
    Path absolute = path.toAbsolutePath();
    Path directory = absolute.getParent();
    Files.createDirectories(directory);
    Path temporary = Files.createTempFile(directory, absolute.getFileName().toString(), ".tmp");
    try {
      Files.write(temporary, buffer.array());
      Files.move(
          temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  static TierSuccessModel read(Path path) throws IOException {
    long fileSize = Files.size(path);
    if (fileSize > MAX_FILE_BYTES) {
      throw new ModelFormatException(path, "file is " + fileSize + " bytes, too large for a model");
    }
    byte[] bytes = Files.readAllBytes(path);
    if (bytes.length < PREAMBLE_BYTES + CHECKSUM_BYTES) {
      throw new ModelFormatException(path, "truncated: only " + bytes.length + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (byte expected : MAGIC) {
      if (buffer.get() != expected) {
        throw new ModelFormatException(path, "not a Tierwise tier success model (bad magic)");
      }
    }
    int version = buffer.getInt();
    if (version != VERSION) {
      throw new ModelFormatException(
          path, "unsupported format version " + version + "; this build reads version " + VERSION);
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - CHECKSUM_BYTES);
    int stored =
        ByteBuffer.wrap(bytes, bytes.length - CHECKSUM_BYTES, CHECKSUM_BYTES)
            .order(ByteOrder.LITTLE_ENDIAN)
            .getInt();
    if (stored != (int) crc.getValue()) {
      throw new ModelFormatException(path, "checksum mismatch: the file is corrupt or truncated");
    }
    int headerLength = buffer.getInt();
    if (headerLength < 0 || headerLength > bytes.length - PREAMBLE_BYTES - CHECKSUM_BYTES) {
      throw new ModelFormatException(path, "header length " + headerLength + " is out of range");
    }
    try {
      JsonNode header =
          JSON.readTree(new String(bytes, PREAMBLE_BYTES, headerLength, StandardCharsets.UTF_8));
      buffer.position(PREAMBLE_BYTES + headerLength);
      return parse(path, header, buffer, bytes.length - CHECKSUM_BYTES);
    } catch (JsonProcessingException e) {
      throw new ModelFormatException(path, "malformed header: " + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(path, "invalid model contents: " + e.getMessage(), e);
    }
  }

  private static TierSuccessModel parse(
      Path path, JsonNode header, ByteBuffer buffer, int payloadEnd) throws ModelFormatException {
    List<String> tiers = strings(path, header, "tiers");
    List<String> featureNames = strings(path, header, "featureNames");
    JsonNode calibrations = header.path("calibrations");
    if (!calibrations.isArray() || calibrations.size() != tiers.size()) {
      throw new ModelFormatException(path, "header needs one calibration entry per tier");
    }
    int d = featureNames.size();
    long expectedDoubles = 2L * d + (long) tiers.size() * (d + 1);
    for (JsonNode entry : calibrations) {
      expectedDoubles +=
          switch (entry.path("kind").asText()) {
            case "identity" -> 0;
            case "platt" -> 2;
            case "isotonic" -> 2L * knotCount(path, entry);
            default ->
                throw new ModelFormatException(
                    path, "unknown calibration kind '" + entry.path("kind").asText() + "'");
          };
    }
    long actualDoubles = (payloadEnd - buffer.position()) / Double.BYTES;
    if ((payloadEnd - buffer.position()) % Double.BYTES != 0 || actualDoubles != expectedDoubles) {
      throw new ModelFormatException(
          path,
          "payload holds "
              + (payloadEnd - buffer.position())
              + " bytes, the header describes "
              + expectedDoubles * Double.BYTES);
    }
    FeatureScaler scaler = new FeatureScaler(doubles(buffer, d), doubles(buffer, d));
    List<LogisticRegression> regressions = new ArrayList<>();
    for (int t = 0; t < tiers.size(); t++) {
      regressions.add(new LogisticRegression(doubles(buffer, d), buffer.getDouble()));
    }
    List<TierClassifier> classifiers = new ArrayList<>();
    for (int t = 0; t < tiers.size(); t++) {
      JsonNode entry = calibrations.get(t);
      ProbabilityCalibration calibration =
          switch (entry.path("kind").asText()) {
            case "platt" -> new PlattScaling(buffer.getDouble(), buffer.getDouble());
            case "isotonic" -> {
              int knots = knotCount(path, entry);
              yield new IsotonicCalibration(doubles(buffer, knots), doubles(buffer, knots));
            }
            default -> IdentityCalibration.INSTANCE;
          };
      classifiers.add(new TierClassifier(regressions.get(t), calibration));
    }
    return TierSuccessModel.of(tiers, featureNames, scaler, classifiers);
  }

  private static List<String> strings(Path path, JsonNode header, String field)
      throws ModelFormatException {
    JsonNode array = header.path(field);
    if (!array.isArray()) {
      throw new ModelFormatException(path, "header field '" + field + "' is missing");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode node : array) {
      if (!node.isTextual()) {
        throw new ModelFormatException(path, "header field '" + field + "' must hold strings");
      }
      values.add(node.asText());
    }
    return values;
  }

  private static int knotCount(Path path, JsonNode entry) throws ModelFormatException {
    JsonNode knots = entry.path("knots");
    if (!knots.canConvertToInt() || knots.asInt() < 1) {
      throw new ModelFormatException(path, "isotonic calibration needs a positive 'knots' count");
    }
    return knots.asInt();
  }

  private static double[] doubles(ByteBuffer buffer, int count) {
    double[] values = new double[count];
    buffer.asDoubleBuffer().get(values);
    buffer.position(buffer.position() + count * Double.BYTES);
    return values;
  }

  private static void addAll(List<Double> list, double[] values) {
    for (double value : values) {
      list.add(value);
    }
  }
}
