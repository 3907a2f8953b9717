package io.tierwise.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An immutable list of labelled prompts with unique ids, and the views a router needs of it:
 * models, sources and tasks present, filters, and deterministic splits.
 *
 * <p>Splits assign each prompt by a SHA-256 hash of its id (and a seed), never by position, so a
 * prompt stays on the same side when the dataset grows, is reordered or is loaded on another
 * machine.
 */
public final class LabelledDataset {

  private final List<LabelledPrompt> prompts;
  private final Map<String, LabelledPrompt> byId;

  private LabelledDataset(List<LabelledPrompt> prompts) {
    this.prompts = List.copyOf(prompts);
    Map<String, LabelledPrompt> index = new LinkedHashMap<>();
    for (LabelledPrompt prompt : this.prompts) {
      if (index.putIfAbsent(prompt.id(), prompt) != null) {
        throw new IllegalArgumentException("duplicate labelled prompt id: " + prompt.id());
      }
    }
    this.byId = Collections.unmodifiableMap(index);
  }

  /**
   * A dataset of {@code prompts}, in the given order.
   *
   * @throws IllegalArgumentException if two prompts share an id
   */
  public static LabelledDataset of(List<LabelledPrompt> prompts) {
    Objects.requireNonNull(prompts, "prompts");
    return new LabelledDataset(prompts);
  }

  /** The prompts, in load order. */
  public List<LabelledPrompt> prompts() {
    return prompts;
  }

  public int size() {
    return prompts.size();
  }

  public boolean isEmpty() {
    return prompts.isEmpty();
  }

  /** The prompt with {@code id}, if present. */
  public Optional<LabelledPrompt> find(String id) {
    return Optional.ofNullable(byId.get(Objects.requireNonNull(id, "id")));
  }

  /** Every model with at least one outcome, sorted. */
  public SortedSet<String> models() {
    SortedSet<String> models = new TreeSet<>();
    prompts.forEach(p -> models.addAll(p.outcomes().keySet()));
    return Collections.unmodifiableSortedSet(models);
  }

  /** Every source present, sorted. */
  public SortedSet<String> sources() {
    return collect(LabelledPrompt::source);
  }

  /** Every task present, sorted. */
  public SortedSet<String> tasks() {
    return collect(LabelledPrompt::task);
  }

  /** The prompts that {@code keep} accepts, in the same order. */
  public LabelledDataset filter(Predicate<LabelledPrompt> keep) {
    Objects.requireNonNull(keep, "keep");
    return new LabelledDataset(prompts.stream().filter(keep).toList());
  }

  /**
   * The prompts labelled for every one of {@code models}, each with only those models' outcomes:
   * the rows a router over exactly these models can learn from.
   */
  public LabelledDataset restrictedTo(Collection<String> models) {
    Set<String> wanted = Set.copyOf(models);
    if (wanted.isEmpty()) {
      throw new IllegalArgumentException("restrictedTo needs at least one model");
    }
    List<LabelledPrompt> kept = new ArrayList<>();
    for (LabelledPrompt prompt : prompts) {
      if (prompt.outcomes().keySet().containsAll(wanted)) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>(prompt.outcomes());
        outcomes.keySet().retainAll(wanted);
        kept.add(
            new LabelledPrompt(
                prompt.id(), prompt.prompt(), prompt.source(), prompt.task(), outcomes));
      }
    }
    return new LabelledDataset(kept);
  }

  /**
   * Splits by id hash: a prompt goes to validation when its hash, read as a number in [0, 1), is
   * below {@code validationFraction}.
   *
   * @param validationFraction expected share of validation prompts, in [0, 1]
   * @param seed selects one of many independent splits; the same seed gives the same split
   */
  public DatasetSplit split(double validationFraction, long seed) {
    if (!(validationFraction >= 0 && validationFraction <= 1)) {
      throw new IllegalArgumentException(
          "validationFraction must be in [0, 1], got: " + validationFraction);
    }
    return partition(p -> unitHash(p.id(), seed) < validationFraction);
  }

  /** {@link #split(double, long)} with seed 0. */
  public DatasetSplit split(double validationFraction) {
    return split(validationFraction, 0);
  }

  /**
   * K-fold cross-validation by id hash: fold {@code i} validates on the prompts whose hash falls in
   * the i-th of {@code k} equal ranges and trains on the rest.
   */
  public List<DatasetSplit> kFold(int k, long seed) {
    if (k < 2) {
      throw new IllegalArgumentException("k must be at least 2, got: " + k);
    }
    List<DatasetSplit> folds = new ArrayList<>(k);
    for (int fold = 0; fold < k; fold++) {
      int held = fold;
      folds.add(partition(p -> (int) (unitHash(p.id(), seed) * k) == held));
    }
    return folds;
  }

  /**
   * For each source, a split that validates on that source and trains on all others: how well a
   * router transfers to a dataset it has never seen.
   *
   * @throws IllegalStateException if there are fewer than two sources
   */
  public SortedMap<String, DatasetSplit> leaveOneSourceOut() {
    SortedSet<String> sources = sources();
    if (sources.size() < 2) {
      throw new IllegalStateException(
          "leave-one-source-out needs at least 2 sources, got: " + sources);
    }
    SortedMap<String, DatasetSplit> splits = new TreeMap<>();
    for (String source : sources) {
      splits.put(source, partition(p -> p.source().equals(source)));
    }
    return Collections.unmodifiableSortedMap(splits);
  }

  /**
   * Hex SHA-256 of the content, for manifests: the canonical JSONL lines of all prompts sorted by
   * id, so it depends on what the prompts say and not on load order or file layout.
   */
  public String sha256() {
    MessageDigest digest = sha256Digest();
    prompts.stream()
        .sorted(Comparator.comparing(LabelledPrompt::id))
        .forEach(
            p -> {
              digest.update(LabelledPromptJsonl.toLine(p).getBytes(StandardCharsets.UTF_8));
              digest.update((byte) '\n');
            });
    return HexFormat.of().formatHex(digest.digest());
  }

  private DatasetSplit partition(Predicate<LabelledPrompt> toValidation) {
    List<LabelledPrompt> train = new ArrayList<>();
    List<LabelledPrompt> validation = new ArrayList<>();
    for (LabelledPrompt prompt : prompts) {
      (toValidation.test(prompt) ? validation : train).add(prompt);
    }
    return new DatasetSplit(new LabelledDataset(train), new LabelledDataset(validation));
  }

  /** The id's seeded SHA-256, as a number uniformly spread over [0, 1). */
  static double unitHash(String id, long seed) {
    MessageDigest digest = sha256Digest();
    digest.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
    byte[] hash = digest.digest(id.getBytes(StandardCharsets.UTF_8));
    long bits = ByteBuffer.wrap(hash).getLong();
    return (bits >>> 11) * 0x1.0p-53;
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  private SortedSet<String> collect(Function<LabelledPrompt, String> field) {
    SortedSet<String> values = new TreeSet<>();
    prompts.forEach(p -> values.add(field.apply(p)));
    return Collections.unmodifiableSortedSet(values);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LabelledDataset that && prompts.equals(that.prompts);
  }

  @Override
  public int hashCode() {
    return prompts.hashCode();
  }

  @Override
  public String toString() {
    return "LabelledDataset[" + prompts.size() + " prompts, sources=" + sources() + "]";
  }
}
