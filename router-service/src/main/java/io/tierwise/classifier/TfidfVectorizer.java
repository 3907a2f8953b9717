package io.tierwise.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns text into L2-normalised TF-IDF vectors over word unigrams and bigrams, with a vocabulary
 * and inverse document frequencies fitted on training text; the conventions are scikit-learn's
 * ({@code TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, smooth_idf=True, norm="l2")}):
 *
 * <ul>
 *   <li>tokens: maximal runs of letters, digits and underscores, lower-cased; single characters are
 *       kept, since answer options such as "a"/"b" and digits matter in benchmark prompts;
 *   <li>term frequency: {@code 1 + ln(count)} when sublinear, else the count;
 *   <li>{@code idf(t) = ln((1 + n) / (1 + df(t))) + 1} for n training documents;
 *   <li>terms kept: document frequency at least {@code minDocumentFrequency}, at most {@code
 *       maxFeatures} of them by highest document frequency (ties by term order); column indices
 *       follow the terms' lexicographic order.
 * </ul>
 */
public final class TfidfVectorizer {

  /**
   * Vectorizer settings.
   *
   * @param minDocumentFrequency a term must occur in at least this many training documents
   * @param maxFeatures the vocabulary keeps at most this many terms, the most frequent by document
   * @param bigrams whether adjacent token pairs are terms too
   * @param sublinearTf whether term frequency is {@code 1 + ln(count)} instead of the raw count
   */
  public record Options(
      int minDocumentFrequency, int maxFeatures, boolean bigrams, boolean sublinearTf) {

    public static final int DEFAULT_MIN_DOCUMENT_FREQUENCY = 2;
    public static final int DEFAULT_MAX_FEATURES = 50_000;

    public Options {
      if (minDocumentFrequency < 1) {
        throw new IllegalArgumentException(
            "minDocumentFrequency must be at least 1, got: " + minDocumentFrequency);
      }
      if (maxFeatures < 1) {
        throw new IllegalArgumentException("maxFeatures must be at least 1, got: " + maxFeatures);
      }
    }

    /** Unigrams and bigrams, min df 2, 50,000 terms, sublinear tf. */
    public static Options defaults() {
      return new Options(DEFAULT_MIN_DOCUMENT_FREQUENCY, DEFAULT_MAX_FEATURES, true, true);
    }
  }

  private final Options options;
  private final Map<String, Integer> vocabulary;
  private final List<String> terms;
  private final double[] idf;

  private TfidfVectorizer(Options options, List<String> terms, double[] idf) {
    this.options = options;
    this.terms = List.copyOf(terms);
    this.idf = idf;
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < terms.size(); i++) {
      index.put(terms.get(i), i);
    }
    this.vocabulary = Collections.unmodifiableMap(index);
  }

  /** Fits the vocabulary and idf on {@code documents}. */
  public static TfidfVectorizer fit(List<String> documents, Options options) {
    Objects.requireNonNull(documents, "documents");
    Objects.requireNonNull(options, "options");
    if (documents.isEmpty()) {
      throw new IllegalArgumentException("cannot fit a TF-IDF vocabulary on zero documents");
    }
    Map<String, int[]> documentFrequency = new HashMap<>();
    for (String document : documents) {
      Set<String> seen = new HashSet<>(terms(document, options.bigrams()));
      for (String term : seen) {
        documentFrequency.computeIfAbsent(term, t -> new int[1])[0]++;
      }
    }
    List<Map.Entry<String, int[]>> kept = new ArrayList<>();
    for (Map.Entry<String, int[]> entry : documentFrequency.entrySet()) {
      if (entry.getValue()[0] >= options.minDocumentFrequency()) {
        kept.add(entry);
      }
    }
    if (kept.size() > options.maxFeatures()) {
      kept.sort(
          (a, b) -> {
            int byFrequency = Integer.compare(b.getValue()[0], a.getValue()[0]);
            return byFrequency != 0 ? byFrequency : a.getKey().compareTo(b.getKey());
          });
      kept = kept.subList(0, options.maxFeatures());
    }
    List<String> terms = new ArrayList<>(kept.size());
    for (Map.Entry<String, int[]> entry : kept) {
      terms.add(entry.getKey());
    }
    Collections.sort(terms);
    double n = documents.size();
    double[] idf = new double[terms.size()];
    for (int i = 0; i < idf.length; i++) {
      idf[i] = Math.log((1 + n) / (1 + documentFrequency.get(terms.get(i))[0])) + 1;
    }
    return new TfidfVectorizer(options, terms, idf);
  }

  /** The lower-cased word tokens of {@code text}, in order. */
  public static List<String> tokens(String text) {
    Objects.requireNonNull(text, "text");
    String lower = text.toLowerCase(Locale.ROOT);
    List<String> tokens = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < lower.length(); ) {
      int codePoint = lower.codePointAt(i);
      boolean word = Character.isLetterOrDigit(codePoint) || codePoint == '_';
      if (word && start < 0) {
        start = i;
      } else if (!word && start >= 0) {
        tokens.add(lower.substring(start, i));
        start = -1;
      }
      i += Character.charCount(codePoint);
    }
    if (start >= 0) {
      tokens.add(lower.substring(start));
    }
    return tokens;
  }

  /** The terms of {@code text}: its tokens, then (if enabled) its bigrams "first second". */
  private static List<String> terms(String text, boolean bigrams) {
    List<String> tokens = tokens(text);
    if (!bigrams || tokens.size() < 2) {
      return tokens;
    }
    List<String> terms = new ArrayList<>(2 * tokens.size() - 1);
    terms.addAll(tokens);
    for (int i = 0; i + 1 < tokens.size(); i++) {
      terms.add(tokens.get(i) + ' ' + tokens.get(i + 1));
    }
    return terms;
  }

  public Options options() {
    return options;
  }

  /** Number of terms, i.e. columns of the vectors. */
  public int vocabularySize() {
    return terms.size();
  }

  /** The vocabulary in column order. */
  public List<String> terms() {
    return terms;
  }

  /** Term to column index. */
  public Map<String, Integer> vocabulary() {
    return vocabulary;
  }

  /** The idf of a vocabulary term. */
  public double idf(String term) {
    Integer index = vocabulary.get(Objects.requireNonNull(term, "term"));
    if (index == null) {
      throw new IllegalArgumentException("term not in the vocabulary: '" + term + "'");
    }
    return idf[index];
  }

  /** One L2-normalised TF-IDF row per document; a document with no known term is all zeros. */
  public SparseFeatureMatrix transform(List<String> documents) {
    Objects.requireNonNull(documents, "documents");
    int[] rowStart = new int[documents.size() + 1];
    int[] columns = new int[1024];
    double[] values = new double[1024];
    int entries = 0;
    for (int r = 0; r < documents.size(); r++) {
      List<String> terms = terms(documents.get(r), options.bigrams());
      int[] indices = new int[terms.size()];
      int known = 0;
      for (String term : terms) {
        Integer index = vocabulary.get(term);
        if (index != null) {
          indices[known++] = index;
        }
      }
      Arrays.sort(indices, 0, known);
      int rowBegin = entries;
      double norm = 0;
      for (int k = 0; k < known; ) {
        int end = k;
        while (end < known && indices[end] == indices[k]) {
          end++;
        }
        int count = end - k;
        double tf = options.sublinearTf() ? 1 + Math.log(count) : count;
        double value = tf * idf[indices[k]];
        if (entries == columns.length) {
          columns = Arrays.copyOf(columns, 2 * entries);
          values = Arrays.copyOf(values, 2 * entries);
        }
        columns[entries] = indices[k];
        values[entries++] = value;
        norm += value * value;
        k = end;
      }
      if (norm > 0) {
        double inverse = 1 / Math.sqrt(norm);
        for (int k = rowBegin; k < entries; k++) {
          values[k] *= inverse;
        }
      }
      rowStart[r + 1] = entries;
    }
    return SparseFeatureMatrix.of(
        terms.size(), rowStart, Arrays.copyOf(columns, entries), Arrays.copyOf(values, entries));
  }
}
