package io.tierwise.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierwise.data.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnnMemoryTest {

  private static final long SEED = Long.getLong("tierwise.test.seed", 20_250_611L);
  private static final List<String> MODELS = List.of("large", "medium", "small");

  @TempDir Path temp;

  @Test
  void reopenedMemoryReturnsWhatWasWritten() {
    Path dir = temp.resolve("memory");
    Outcome full = new Outcome(0.75, 0.0125, 420L, 96L);
    try (KnnMemoryWriter writer = KnnMemoryWriter.create(dir, 3)) {
      writer.add("a", "mmlu", "mmlu/anatomy", unit(1, 0, 0), Map.of("large", full));
      writer.add(
          "b",
          "gsm8k",
          "gsm8k",
          unit(0, 1, 0),
          Map.of("large", Outcome.ofQuality(1), "small", Outcome.ofQuality(0)));
      writer.add("c", "arena", "arena/coding", unit(0, 0, 1), Map.of());
      assertEquals(List.of("large", "small"), writer.models());
    }

    try (KnnMemory memory = KnnMemory.open(dir)) {
      assertEquals(3, memory.size());
      assertEquals(3, memory.dimension());
      assertEquals(List.of("large", "small"), memory.models());

      List<MemoryNeighbour> nearest = memory.nearest(unit(1, 0.2f, 0), 3);
      assertEquals(List.of("a", "b", "c"), nearest.stream().map(MemoryNeighbour::id).toList());
      MemoryNeighbour a = nearest.get(0);
      assertEquals("mmlu", a.source());
      assertEquals("mmlu/anatomy", a.task());
      assertEquals(1 / Math.sqrt(1.04), a.similarity(), 1e-6);
      assertEquals(Map.of("large", full), a.outcomes());
      assertEquals(
          Map.of("large", Outcome.ofQuality(1), "small", Outcome.ofQuality(0)),
          nearest.get(1).outcomes());
      assertEquals(Map.of(), nearest.get(2).outcomes());
      assertEquals(0.0, nearest.get(2).similarity(), 1e-6);
    }
  }

  @Test
  void emptyMemoryOpensAndFindsNothing() {
    Path dir = temp.resolve("empty");
    KnnMemoryWriter.create(dir, 4).close();
    try (KnnMemory memory = KnnMemory.open(dir)) {
      assertEquals(0, memory.size());
      assertEquals(4, memory.dimension());
      assertEquals(List.of(), memory.nearest(unit(1, 0, 0, 0), 5));
      KnnFeatures features = memory.features(unit(1, 0, 0, 0), List.of("m"), Optional.empty());
      assertEquals(0, features.found());
      assertEquals(QualityPriors.UNINFORMED_MEAN, features.model("m").quality());
    }
  }

  @Test
  void nearestNeighboursMatchExactCosineSearch() {
    System.out.println("KnnMemoryTest.nearestNeighboursMatchExactCosineSearch seed=" + SEED);
    int dimension = 64;
    ClusteredVectors generator = new ClusteredVectors(SEED, dimension, 40, 1.0);
    List<float[]> vectors = generator.next(3_000);
    List<float[]> queries = generator.next(100);
    Path dir = temp.resolve("recall");
    try (KnnMemoryWriter writer = KnnMemoryWriter.create(dir, dimension)) {
      for (int i = 0; i < vectors.size(); i++) {
        writer.add("p" + i, "synthetic", "t", vectors.get(i), Map.of());
        if (i % 1_000 == 999) {
          writer.commit(); // several segments, merged below like a bulk build does
        }
      }
      writer.forceMerge();
    }

    int k = 10;
    int found = 0;
    try (KnnMemory memory = KnnMemory.open(dir)) {
      for (float[] query : queries) {
        List<MemoryNeighbour> nearest = memory.nearest(query, k);
        assertEquals(k, nearest.size());
        Set<String> exact = new HashSet<>();
        for (int index : ClusteredVectors.exactNearest(vectors, query, k)) {
          exact.add("p" + index);
        }
        for (int i = 0; i < nearest.size(); i++) {
          MemoryNeighbour neighbour = nearest.get(i);
          int index = Integer.parseInt(neighbour.id().substring(1));
          assertEquals(
              ClusteredVectors.cosine(vectors.get(index), query), neighbour.similarity(), 1e-5);
          if (i > 0) {
            assertTrue(nearest.get(i - 1).similarity() >= neighbour.similarity());
          }
          if (exact.contains(neighbour.id())) {
            found++;
          }
        }
      }
    }
    double recall = found / (double) (k * queries.size());
    System.out.printf("recall@10 = %.4f over %d queries (seed %d)%n", recall, queries.size(), SEED);
    assertTrue(recall >= 0.95, "recall@10 " + recall + " below 0.95 with seed " + SEED);
  }

  @Test
  void leaveOneOutNeverReturnsTheQueryPromptNorCountsItsLabels() {
    System.out.println("KnnMemoryTest.leaveOneOut seed=" + SEED);
    int dimension = 16;
    ClusteredVectors generator = new ClusteredVectors(SEED, dimension, 5, 1.0);
    List<float[]> vectors = generator.next(60);
    SplittableRandom random = new SplittableRandom(SEED);
    List<Map<String, Outcome>> outcomes = new ArrayList<>();
    Path dir = temp.resolve("loo");
    try (KnnMemoryWriter writer = KnnMemoryWriter.create(dir, dimension)) {
      for (int i = 0; i < vectors.size(); i++) {
        Map<String, Outcome> labels = new LinkedHashMap<>();
        for (String model : MODELS) {
          if (random.nextInt(4) > 0) {
            labels.put(model, Outcome.ofQuality(random.nextInt(2)));
          }
        }
        outcomes.add(labels);
        writer.add("p" + i, "synthetic", "t", vectors.get(i), labels);
      }
    }

    try (KnnMemory memory = KnnMemory.open(dir)) {
      KnnFeatureSpec spec = KnnFeatureSpec.defaults().withK(5);
      for (int i = 0; i < 10; i++) {
        float[] query = vectors.get(i);
        String id = "p" + i;

        List<MemoryNeighbour> withSelf = memory.nearest(query, 5);
        assertEquals(id, withSelf.get(0).id());
        assertEquals(1.0, withSelf.get(0).similarity(), 1e-6);

        KnnFeatures features = memory.features(query, MODELS, Optional.of(id), spec);
        List<String> ids = features.neighbours().stream().map(MemoryNeighbour::id).toList();
        List<String> exact =
            Stream.of(ClusteredVectors.exactNearest(vectors, query, 6))
                .flatMapToInt(java.util.Arrays::stream)
                .mapToObj(index -> "p" + index)
                .filter(other -> !other.equals(id))
                .toList();
        assertEquals(exact, ids);

        QualityPriors leaveOneOut = memory.priors().without(outcomes.get(i));
        assertEquals(
            KnnFeatures.of(features.neighbours(), MODELS, leaveOneOut, spec).toArray().length,
            features.toArray().length);
        assertArrayEquals(
            KnnFeatures.of(features.neighbours(), MODELS, leaveOneOut, spec).toArray(),
            features.toArray());
        if (!outcomes.get(i).isEmpty()) {
          assertNotEquals(
              KnnFeatures.of(features.neighbours(), MODELS, memory.priors(), spec).models(),
              features.models(),
              "the prompt's own labels must not count in its priors");
        }
      }
      List<String> loo =
          memory.nearest(vectors.get(0), 5, Optional.of("p0")).stream()
              .map(MemoryNeighbour::id)
              .toList();
      assertFalse(loo.contains("p0"));
      assertEquals(5, loo.size());
      assertEquals(
          memory.nearest(vectors.get(0), 5).stream().map(MemoryNeighbour::id).toList(),
          memory.nearest(vectors.get(0), 5, Optional.of("not-in-memory")).stream()
              .map(MemoryNeighbour::id)
              .toList());
    }
  }

  @Test
  void featuresMatchHandComputedValues() {
    Path dir = temp.resolve("hand");
    try (KnnMemoryWriter writer = KnnMemoryWriter.create(dir, 3)) {
      writer.add("a", "s", "t", unit(1, 0, 0), Map.of("big", q(1), "small", q(0)));
      writer.add("b", "s", "t", unit(0.8f, 0.6f, 0), Map.of("big", q(1)));
      writer.add("c", "s", "t", unit(0.6f, 0, 0.8f), Map.of("big", q(0), "small", q(1)));
      writer.add("d", "s", "t", unit(-1, 0, 0), Map.of("small", q(1)));
    }
    // Weights halve every 0.2 of similarity: w(1) = 1, w(0.8) = 1/2, w(0.6) = 1/4, w(-1) = 1/1024.
    KnnFeatureSpec spec = new KnnFeatureSpec(3, List.of(0.7), 1.0, 0.2 / Math.log(2));
    List<String> models = List.of("big", "small", "absent");
    try (KnnMemory memory = KnnMemory.open(dir)) {
      KnnFeatures features = memory.features(unit(1, 0, 0), models, Optional.empty(), spec);

      // Priors: big 2/3 (a, b, c), small 2/3 (a, c, d), absent = all labels 4/6.
      double bigMean = 26.0 / 33; // (1 + 1/2 + 2/3) / (7/4 + 1)
      double bigVariance =
          (1 * sq(1 - bigMean)
                  + 0.5 * sq(1 - bigMean)
                  + 0.25 * sq(0 - bigMean)
                  + (2.0 / 9 + sq(2.0 / 3 - bigMean)))
              / 2.75;
      double smallMean = 11.0 / 27; // (0 + 1/4 + 2/3) / (5/4 + 1)
      double smallVariance =
          (1 * sq(0 - smallMean) + 0.25 * sq(1 - smallMean) + (2.0 / 9 + sq(2.0 / 3 - smallMean)))
              / 2.25;
      double[] expected = {
        1.0,
        0.8,
        0.6, // top-3 similarities
        0.8,
        1.0,
        3, // mean, max, found
        2, // at least 0.7
        bigMean,
        Math.sqrt(bigVariance),
        3,
        1.75,
        1,
        1.0,
        smallMean,
        Math.sqrt(smallVariance),
        2,
        1.25,
        0,
        1.0,
        2.0 / 3,
        Math.sqrt(2.0 / 9),
        0,
        0,
        2.0 / 3,
        0
      };
      assertArrayEquals(expected, features.toArray(), 1e-6);
      assertEquals(
          List.of(
              "knn.sim.1",
              "knn.sim.2",
              "knn.sim.3",
              "knn.sim.mean",
              "knn.sim.max",
              "knn.found",
              "knn.at_least.0.7",
              "knn.model.big.quality",
              "knn.model.big.std",
              "knn.model.big.labelled",
              "knn.model.big.mass",
              "knn.model.big.nearest",
              "knn.model.big.nearest_sim",
              "knn.model.small.quality",
              "knn.model.small.std",
              "knn.model.small.labelled",
              "knn.model.small.mass",
              "knn.model.small.nearest",
              "knn.model.small.nearest_sim",
              "knn.model.absent.quality",
              "knn.model.absent.std",
              "knn.model.absent.labelled",
              "knn.model.absent.mass",
              "knn.model.absent.nearest",
              "knn.model.absent.nearest_sim"),
          features.names());

      // Leave "a" out: neighbours b, c, d; priors big 1/2 (b, c), small 1 (c, d), absent 3/4.
      KnnFeatures loo = memory.features(unit(1, 0, 0), models, Optional.of("a"), spec);
      double dWeight = 1.0 / 1024;
      double looBig = (0.5 + 0.5) / 1.75;
      double looBigVariance =
          (0.5 * sq(1 - looBig) + 0.25 * sq(looBig) + (0.25 + sq(0.5 - looBig))) / 1.75;
      double[] looExpected = {
        0.8,
        0.6,
        -1.0,
        (0.8 + 0.6 - 1.0) / 3,
        0.8,
        3,
        1,
        looBig,
        Math.sqrt(looBigVariance),
        2,
        0.75,
        1,
        0.8,
        1.0,
        0.0,
        2,
        0.25 + dWeight,
        1,
        0.6,
        0.75,
        Math.sqrt(0.75 * 0.25),
        0,
        0,
        0.75,
        0
      };
      assertArrayEquals(looExpected, loo.toArray(), 1e-6);
      assertEquals(
          List.of("b", "c", "d"), loo.neighbours().stream().map(MemoryNeighbour::id).toList());
    }
  }

  @Test
  void appendedPromptsAppearAfterRefresh() {
    Path dir = temp.resolve("append");
    try (KnnMemoryWriter writer = KnnMemoryWriter.create(dir, 3)) {
      writer.add("a", "s", "t", unit(1, 0, 0), Map.of("large", q(1)));
      writer.add("b", "s", "t", unit(0, 1, 0), Map.of("large", q(0)));
    }
    try (KnnMemory memory = KnnMemory.open(dir);
        KnnMemoryWriter writer = KnnMemoryWriter.openForAppend(dir)) {
      assertEquals(3, writer.dimension());
      assertEquals(List.of("large"), writer.models());
      writer.add("fresh", "feedback", "chat", unit(0, 0, 1), Map.of("tiny", q(1)));
      writer.commit();

      assertEquals(2, memory.size(), "not visible before refresh");
      assertEquals("a", memory.nearest(unit(0.1f, 0, 1), 1).get(0).id());

      assertTrue(memory.refresh());
      assertEquals(3, memory.size());
      MemoryNeighbour fresh = memory.nearest(unit(0.1f, 0, 1), 1).get(0);
      assertEquals("fresh", fresh.id());
      assertEquals("feedback", fresh.source());
      assertEquals(Map.of("tiny", q(1)), fresh.outcomes());
      assertEquals(List.of("large", "tiny"), memory.models());
      assertEquals(1.0, memory.priors().mean("tiny"));
      assertFalse(memory.refresh(), "nothing new");
    }
  }

  @Test
  void addingAnExistingIdReplacesThePrompt() {
    Path dir = temp.resolve("replace");
    try (KnnMemoryWriter writer = KnnMemoryWriter.create(dir, 3)) {
      writer.add("a", "s", "t", unit(1, 0, 0), Map.of("large", q(0)));
      writer.add("b", "s", "t", unit(0, 1, 0), Map.of("large", q(0)));
      writer.commit();
      writer.add("a", "s2", "t2", unit(1, 0, 0), Map.of("large", q(1)));
    }
    try (KnnMemory memory = KnnMemory.open(dir)) {
      assertEquals(2, memory.size());
      MemoryNeighbour a = memory.nearest(unit(1, 0, 0), 1).get(0);
      assertEquals("s2", a.source());
      assertEquals(Map.of("large", q(1)), a.outcomes());
      assertEquals(new QualityPriors.Tally(2, 1.0), memory.priors().tallies().get("large"));
    }
    try (KnnMemoryWriter writer = KnnMemoryWriter.openForAppend(dir)) {
      writer.delete("a");
    }
    try (KnnMemory memory = KnnMemory.open(dir)) {
      assertEquals(
          List.of("b"),
          memory.nearest(unit(1, 0, 0), 5).stream().map(MemoryNeighbour::id).toList());
      assertEquals(0.0, memory.priors().mean("large"));
    }
  }

  @Test
  void queriesRunWhileAppendsAreRefreshedIn() throws Exception {
    System.out.println("KnnMemoryTest.queriesRunWhileAppendsAreRefreshedIn seed=" + SEED);
    int dimension = 16;
    ClusteredVectors generator = new ClusteredVectors(SEED, dimension, 4, 1.0);
    Path dir = temp.resolve("concurrent");
    try (KnnMemoryWriter writer = KnnMemoryWriter.create(dir, dimension)) {
      for (int i = 0; i < 200; i++) {
        writer.add("p" + i, "s", "t", generator.next(), Map.of("large", q(i % 2)));
      }
    }
    List<float[]> queries = generator.next(50);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    try (KnnMemory memory = KnnMemory.open(dir);
        KnnMemoryWriter writer = KnnMemoryWriter.openForAppend(dir)) {
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        Thread reader =
            Thread.ofPlatform()
                .start(
                    () -> {
                      int i = 0;
                      while (!done.get()) {
                        try {
                          KnnFeatures features =
                              memory.features(
                                  queries.get(i++ % queries.size()),
                                  List.of("large"),
                                  Optional.empty());
                          if (features.found() != 10) {
                            throw new AssertionError("found " + features.found());
                          }
                        } catch (Throwable e) {
                          failures.add(e);
                          return;
                        }
                      }
                    });
        readers.add(reader);
      }
      for (int batch = 0; batch < 10; batch++) {
        for (int i = 0; i < 5; i++) {
          writer.add("n" + batch + "-" + i, "s", "t", generator.next(), Map.of("large", q(1)));
        }
        writer.commit();
        memory.refresh();
      }
      done.set(true);
      for (Thread reader : readers) {
        reader.join();
      }
      assertEquals(List.of(), failures);
      assertEquals(250, memory.size());
    }
  }

  @Test
  void openingAMissingOrForeignDirectoryNamesThePath() throws IOException {
    Path missing = temp.resolve("missing");
    KnnMemoryException noDir =
        assertThrows(KnnMemoryException.class, () -> KnnMemory.open(missing));
    assertTrue(noDir.getMessage().contains(missing.toString()), noDir.getMessage());
    assertTrue(noDir.getMessage().contains("does not exist"), noDir.getMessage());

    Path file = Files.writeString(temp.resolve("file"), "x");
    assertThrows(KnnMemoryException.class, () -> KnnMemory.open(file));

    Path empty = Files.createDirectory(temp.resolve("empty"));
    KnnMemoryException noIndex =
        assertThrows(KnnMemoryException.class, () -> KnnMemory.open(empty));
    assertTrue(noIndex.getMessage().contains(empty.toString()), noIndex.getMessage());
    assertTrue(noIndex.getMessage().contains("no Lucene index"), noIndex.getMessage());
    assertThrows(KnnMemoryException.class, () -> KnnMemoryWriter.openForAppend(empty));
    assertThrows(KnnMemoryException.class, () -> KnnMemoryWriter.openForAppend(missing));

    Path foreign = temp.resolve("foreign");
    try (FSDirectory directory = FSDirectory.open(foreign);
        IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
      Document document = new Document();
      document.add(new StringField("id", "x", Field.Store.YES));
      writer.addDocument(document);
    }
    KnnMemoryException notOurs =
        assertThrows(KnnMemoryException.class, () -> KnnMemory.open(foreign));
    assertTrue(notOurs.getMessage().contains("not a Tierwise kNN memory"), notOurs.getMessage());
    assertTrue(notOurs.getMessage().contains(foreign.toString()), notOurs.getMessage());
    assertThrows(KnnMemoryException.class, () -> KnnMemoryWriter.openForAppend(foreign));
  }

  @Test
  void corruptFilesFailAtOpenWithThePath() throws IOException {
    for (String victim : List.of("segments_", ".vec", ".vex", ".dvd")) {
      Path dir = temp.resolve("corrupt" + victim.replace('.', '-'));
      writeSmallMemory(dir);
      Path file = largestFileMatching(dir, victim);
      byte[] bytes = Files.readAllBytes(file);
      int middle = bytes.length / 2;
      bytes[middle] = (byte) ~bytes[middle];
      Files.write(file, bytes);

      KnnMemoryException e = assertThrows(KnnMemoryException.class, () -> KnnMemory.open(dir));
      assertTrue(e.getMessage().contains(dir.toString()), victim + ": " + e.getMessage());
    }

    Path truncated = temp.resolve("truncated");
    writeSmallMemory(truncated);
    Path vectors = largestFileMatching(truncated, ".vec");
    byte[] bytes = Files.readAllBytes(vectors);
    Files.write(vectors, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    KnnMemoryException e = assertThrows(KnnMemoryException.class, () -> KnnMemory.open(truncated));
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
  }

  @Test
  void creatingOverAnExistingMemoryOrWritingTwiceIsRefused() {
    Path dir = temp.resolve("twice");
    writeSmallMemory(dir);
    KnnMemoryException exists =
        assertThrows(KnnMemoryException.class, () -> KnnMemoryWriter.create(dir, 8));
    assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
    try (KnnMemoryWriter writer = KnnMemoryWriter.openForAppend(dir)) {
      KnnMemoryException locked =
          assertThrows(KnnMemoryException.class, () -> KnnMemoryWriter.openForAppend(dir));
      assertTrue(locked.getMessage().contains("locked"), locked.getMessage());
      assertEquals(8, writer.dimension());
    }
  }

  @Test
  void wrongDimensionsAndNonUnitVectorsAreRejectedWithBothNumbers() {
    Path dir = temp.resolve("dims");
    writeSmallMemory(dir);
    try (KnnMemory memory = KnnMemory.open(dir)) {
      IllegalArgumentException query =
          assertThrows(IllegalArgumentException.class, () -> memory.nearest(unit(1, 0, 0), 3));
      assertTrue(query.getMessage().contains("dimension 3"), query.getMessage());
      assertTrue(query.getMessage().contains("dimension 8"), query.getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () -> memory.features(new float[8], List.of(), Optional.empty()));
      float[] notUnit = new float[8];
      notUnit[0] = 2;
      IllegalArgumentException norm =
          assertThrows(IllegalArgumentException.class, () -> memory.nearest(notUnit, 3));
      assertTrue(norm.getMessage().contains("norm: 2.0"), norm.getMessage());
      assertThrows(IllegalArgumentException.class, () -> memory.nearest(notUnit.clone(), 0));
    }
    try (KnnMemoryWriter writer = KnnMemoryWriter.openForAppend(dir)) {
      IllegalArgumentException add =
          assertThrows(
              IllegalArgumentException.class,
              () -> writer.add("x", "s", "t", unit(0, 1), Map.of()));
      assertTrue(add.getMessage().contains("dimension 2"), add.getMessage());
      assertTrue(add.getMessage().contains("dimension 8"), add.getMessage());
      float[] nan = unit(1, 0, 0, 0, 0, 0, 0, 0);
      nan[1] = Float.NaN;
      assertThrows(IllegalArgumentException.class, () -> writer.add("x", "s", "t", nan, Map.of()));
      assertThrows(
          IllegalArgumentException.class,
          () -> writer.add(" ", "s", "t", unit(1, 0, 0, 0, 0, 0, 0, 0), Map.of()));
    }
    assertThrows(
        IllegalArgumentException.class, () -> KnnMemoryWriter.create(temp.resolve("z"), 0));
    assertThrows(
        IllegalArgumentException.class, () -> KnnMemoryWriter.create(temp.resolve("z"), 100_000));
  }

  @Test
  void closingTwiceIsSafeAndUseAfterCloseFails() {
    Path dir = temp.resolve("close");
    writeSmallMemory(dir);
    KnnMemory memory = KnnMemory.open(dir);
    memory.close();
    memory.close();
    assertThrows(
        IllegalStateException.class, () -> memory.nearest(unit(1, 0, 0, 0, 0, 0, 0, 0), 1));
    assertThrows(IllegalStateException.class, memory::size);
    assertThrows(IllegalStateException.class, memory::refresh);

    KnnMemoryWriter writer = KnnMemoryWriter.openForAppend(dir);
    writer.close();
    writer.close();
    assertThrows(
        IllegalStateException.class,
        () -> writer.add("x", "s", "t", unit(1, 0, 0, 0, 0, 0, 0, 0), Map.of()));
    assertThrows(IllegalStateException.class, writer::commit);
  }

  private static void writeSmallMemory(Path dir) {
    ClusteredVectors generator = new ClusteredVectors(SEED, 8, 3, 1.0);
    try (KnnMemoryWriter writer = KnnMemoryWriter.create(dir, 8)) {
      for (int i = 0; i < 300; i++) {
        writer.add("p" + i, "s", "t", generator.next(), Map.of("large", q(i % 2)));
      }
      writer.forceMerge();
    }
  }

  private static Path largestFileMatching(Path dir, String part) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(file -> file.getFileName().toString().contains(part))
          .max(Comparator.comparingLong(KnnMemoryTest::size))
          .orElseThrow(
              () ->
                  new AssertionError(
                      "no file with '" + part + "' in " + dir + ": " + listing(dir)));
    }
  }

  private static String listing(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(file -> file.getFileName().toString()).collect(Collectors.joining(", "));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Outcome q(double quality) {
    return Outcome.ofQuality(quality);
  }

  private static double sq(double value) {
    return value * value;
  }

  private static float[] unit(float... values) {
    return ClusteredVectors.normalise(values.clone());
  }
}
