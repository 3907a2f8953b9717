package io.tierwise.local;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns an {@link AnswerConfidence} into the probability that the local answer is good, with a
 * logistic model over {@link AnswerConfidence#features()} fitted on labelled outcomes. Features are
 * standardised with the training means and scales, so the weights are comparable and the fit is
 * well conditioned. Serialised to JSON inside the router artifact.
 *
 * <pre>{@code
 * ConfidenceCalibration calibration = ConfidenceCalibration.fit(examples);
 * boolean keepLocal = calibration.isConfident(AnswerConfidence.of(generation.tokens()), 0.8);
 * }</pre>
 *
 * @param firstN the {@link AnswerConfidence#firstN()} the training confidences used
 * @param featureMeans per feature, the training mean
 * @param featureScales per feature, the training standard deviation (1 for a constant feature)
 * @param weights per standardised feature, the logistic weight
 * @param intercept the logistic intercept
 * @param l2 the ridge penalty the weights were fitted with
 * @param examples number of training examples
 */
public record ConfidenceCalibration(
    int firstN,
    double[] featureMeans,
    double[] featureScales,
    double[] weights,
    double intercept,
    double l2,
    int examples) {

  /** Ridge penalty of {@link #fit(List)}: enough to keep separable data finite. */
  public static final double DEFAULT_L2 = 1e-3;

  private static final int MAX_ITERATIONS = 100;
  private static final double TOLERANCE = 1e-10;
  private static final String MODEL_NAME = "logistic";
  private static final ObjectMapper JSON = new ObjectMapper();

  public ConfidenceCalibration {
    int d = AnswerConfidence.FEATURE_NAMES.size();
    featureMeans = copyOfLength("featureMeans", featureMeans, d);
    featureScales = copyOfLength("featureScales", featureScales, d);
    weights = copyOfLength("weights", weights, d);
    if (firstN < 1) {
      throw new IllegalArgumentException("firstN must be at least 1, got: " + firstN);
    }
    for (double scale : featureScales) {
      if (!(scale > 0.0) || Double.isInfinite(scale)) {
        throw new IllegalArgumentException(
            "feature scales must be positive and finite, got: " + Arrays.toString(featureScales));
      }
    }
    if (!Double.isFinite(intercept)) {
      throw new IllegalArgumentException("intercept must be finite, got: " + intercept);
    }
    if (!(l2 >= 0.0) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException("l2 must be a finite number >= 0, got: " + l2);
    }
    if (examples < 0) {
      throw new IllegalArgumentException("examples must be >= 0, got: " + examples);
    }
  }

  /** Fits with {@link #DEFAULT_L2}. */
  public static ConfidenceCalibration fit(List<ConfidenceExample> examples) {
    return fit(examples, DEFAULT_L2);
  }

  /**
   * Fits the logistic model by Newton's method on the ridge-penalised mean log-likelihood (the
   * intercept is not penalised). Deterministic.
   *
   * @throws IllegalArgumentException without both good and bad examples, or when the examples mix
   *     different {@code firstN}
   */
  public static ConfidenceCalibration fit(List<ConfidenceExample> examples, double l2) {
    Objects.requireNonNull(examples, "examples");
    if (!(l2 > 0.0) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException("l2 must be a finite number > 0, got: " + l2);
    }
    int n = examples.size();
    long good = examples.stream().filter(ConfidenceExample::good).count();
    if (good == 0 || good == n) {
      throw new IllegalArgumentException(
          "need both good and bad examples to fit a calibration, got "
              + good
              + " good and "
              + (n - good)
              + " bad");
    }
    int firstN = examples.get(0).confidence().firstN();
    int d = AnswerConfidence.FEATURE_NAMES.size();
    double[][] raw = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      ConfidenceExample example = examples.get(i);
      if (example.confidence().firstN() != firstN) {
        throw new IllegalArgumentException(
            "all examples must use the same firstN, got "
                + firstN
                + " and "
                + example.confidence().firstN()
                + " (example "
                + i
                + ")");
      }
      raw[i] = example.confidence().features();
      y[i] = example.good() ? 1.0 : 0.0;
    }
    double[] means = new double[d];
    double[] scales = new double[d];
    for (int j = 0; j < d; j++) {
      double sum = 0.0;
      for (double[] row : raw) {
        sum += row[j];
      }
      means[j] = sum / n;
      double squares = 0.0;
      for (double[] row : raw) {
        squares += (row[j] - means[j]) * (row[j] - means[j]);
      }
      double std = Math.sqrt(squares / n);
      scales[j] = std > 1e-12 ? std : 1.0;
    }
    // Design matrix with a leading column of ones for the intercept.
    double[][] x = new double[n][d + 1];
    for (int i = 0; i < n; i++) {
      x[i][0] = 1.0;
      for (int j = 0; j < d; j++) {
        x[i][j + 1] = (raw[i][j] - means[j]) / scales[j];
      }
    }
    double[] beta = newton(x, y, l2);
    return new ConfidenceCalibration(
        firstN, means, scales, Arrays.copyOfRange(beta, 1, d + 1), beta[0], l2, n);
  }

  private static double[] newton(double[][] x, double[] y, double l2) {
    int n = x.length;
    int p = x[0].length;
    double[] beta = new double[p];
    double loss = penalisedLoss(x, y, beta, l2);
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double[] gradient = new double[p];
      double[][] hessian = new double[p][p];
      for (int i = 0; i < n; i++) {
        double prob = sigmoid(dot(x[i], beta));
        double w = prob * (1.0 - prob);
        for (int a = 0; a < p; a++) {
          gradient[a] += (prob - y[i]) * x[i][a] / n;
          for (int b = 0; b < p; b++) {
            hessian[a][b] += w * x[i][a] * x[i][b] / n;
          }
        }
      }
      for (int a = 1; a < p; a++) {
        gradient[a] += l2 * beta[a];
        hessian[a][a] += l2;
      }
      double[] step = solve(hessian, gradient);
      // Halve the step until the loss does not increase: Newton can overshoot far from the optimum.
      double scale = 1.0;
      double[] next = new double[p];
      double nextLoss;
      do {
        for (int a = 0; a < p; a++) {
          next[a] = beta[a] - scale * step[a];
        }
        nextLoss = penalisedLoss(x, y, next, l2);
        scale /= 2.0;
      } while (nextLoss > loss && scale > 1e-10);
      double change = 0.0;
      for (int a = 0; a < p; a++) {
        change = Math.max(change, Math.abs(next[a] - beta[a]));
      }
      beta = next.clone();
      loss = nextLoss;
      if (change < TOLERANCE) {
        break;
      }
    }
    return beta;
  }

  private static double penalisedLoss(double[][] x, double[] y, double[] beta, double l2) {
    double loss = 0.0;
    for (int i = 0; i < x.length; i++) {
      double z = dot(x[i], beta);
      // log(1 + e^z) - y z, written to stay finite for large |z|.
      loss += Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z;
    }
    loss /= x.length;
    for (int a = 1; a < beta.length; a++) {
      loss += 0.5 * l2 * beta[a] * beta[a];
    }
    return loss;
  }

  /** Solves {@code a s = b} by Gaussian elimination with partial pivoting. */
  private static double[] solve(double[][] a, double[] b) {
    int p = b.length;
    double[][] m = new double[p][];
    for (int i = 0; i < p; i++) {
      m[i] = Arrays.copyOf(a[i], p + 1);
      m[i][p] = b[i];
    }
    for (int col = 0; col < p; col++) {
      int pivot = col;
      for (int row = col + 1; row < p; row++) {
        if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
          pivot = row;
        }
      }
      if (Math.abs(m[pivot][col]) < 1e-300) {
        throw new IllegalStateException("singular Hessian while fitting confidence calibration");
      }
      double[] swap = m[col];
      m[col] = m[pivot];
      m[pivot] = swap;
      for (int row = col + 1; row < p; row++) {
        double factor = m[row][col] / m[col][col];
        for (int k = col; k <= p; k++) {
          m[row][k] -= factor * m[col][k];
        }
      }
    }
    double[] s = new double[p];
    for (int row = p - 1; row >= 0; row--) {
      double sum = m[row][p];
      for (int k = row + 1; k < p; k++) {
        sum -= m[row][k] * s[k];
      }
      s[row] = sum / m[row][row];
    }
    return s;
  }

  /** Probability in (0, 1) that an answer with this confidence is good. */
  public double probabilityGood(AnswerConfidence confidence) {
    Objects.requireNonNull(confidence, "confidence");
    if (confidence.firstN() != firstN) {
      throw new IllegalArgumentException(
          "confidence uses firstN "
              + confidence.firstN()
              + " but this calibration was fitted with firstN "
              + firstN);
    }
    double[] features = confidence.features();
    double z = intercept;
    for (int j = 0; j < weights.length; j++) {
      z += weights[j] * (features[j] - featureMeans[j]) / featureScales[j];
    }
    return sigmoid(z);
  }

  /** True when {@link #probabilityGood} reaches {@code minProbability}. */
  public boolean isConfident(AnswerConfidence confidence, double minProbability) {
    if (!(minProbability >= 0.0 && minProbability <= 1.0)) {
      throw new IllegalArgumentException(
          "minProbability must be in [0, 1], got: " + minProbability);
    }
    return probabilityGood(confidence) >= minProbability;
  }

  /** This calibration as a JSON object (feature names included, so a reader can check them). */
  public String toJson() {
    try {
      return JSON.writeValueAsString(
          new Json(
              MODEL_NAME,
              AnswerConfidence.FEATURE_NAMES,
              firstN,
              featureMeans,
              featureScales,
              weights,
              intercept,
              l2,
              examples));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write calibration as JSON", e);
    }
  }

  /**
   * Reads {@link #toJson()} output.
   *
   * @throws IllegalArgumentException if the JSON is malformed or was written for other features
   */
  public static ConfidenceCalibration fromJson(String json) {
    Objects.requireNonNull(json, "json");
    Json parsed;
    try {
      parsed = JSON.readValue(json, Json.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a confidence calibration: " + e.getMessage(), e);
    }
    if (!MODEL_NAME.equals(parsed.model())) {
      throw new IllegalArgumentException(
          "calibration model must be '" + MODEL_NAME + "', got: " + parsed.model());
    }
    if (!AnswerConfidence.FEATURE_NAMES.equals(parsed.features())) {
      throw new IllegalArgumentException(
          "calibration features must be "
              + AnswerConfidence.FEATURE_NAMES
              + ", got: "
              + parsed.features());
    }
    return new ConfidenceCalibration(
        parsed.firstN(),
        parsed.featureMeans(),
        parsed.featureScales(),
        parsed.weights(),
        parsed.intercept(),
        parsed.l2(),
        parsed.examples());
  }

  private record Json(
      @JsonProperty("model") String model,
      @JsonProperty("features") List<String> features,
      @JsonProperty("first_n") int firstN,
      @JsonProperty("feature_means") double[] featureMeans,
      @JsonProperty("feature_scales") double[] featureScales,
      @JsonProperty("weights") double[] weights,
      @JsonProperty("intercept") double intercept,
      @JsonProperty("l2") double l2,
      @JsonProperty("examples") int examples) {}

  private static double sigmoid(double z) {
    return z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0.0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static double[] copyOfLength(String name, double[] values, int length) {
    Objects.requireNonNull(values, name);
    if (values.length != length) {
      throw new IllegalArgumentException(
          name + " must have " + length + " entries, got: " + values.length);
    }
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            name + " must be finite, got: " + Arrays.toString(values));
      }
    }
    return values.clone();
  }

  @Override
  public double[] featureMeans() {
    return featureMeans.clone();
  }

  @Override
  public double[] featureScales() {
    return featureScales.clone();
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfidenceCalibration other
        && firstN == other.firstN
        && Arrays.equals(featureMeans, other.featureMeans)
        && Arrays.equals(featureScales, other.featureScales)
        && Arrays.equals(weights, other.weights)
        && Double.compare(intercept, other.intercept) == 0
        && Double.compare(l2, other.l2) == 0
        && examples == other.examples;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        firstN,
        Arrays.hashCode(featureMeans),
        Arrays.hashCode(featureScales),
        Arrays.hashCode(weights),
        intercept,
        l2,
        examples);
  }

  @Override
  public String toString() {
    return "ConfidenceCalibration[firstN="
        + firstN
        + ", weights="
        + Arrays.toString(weights)
        + ", intercept="
        + intercept
        + ", examples="
        + examples
        + "]";
  }
}
