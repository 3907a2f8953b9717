package io.tierwise.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TfidfTierScorerTest {

  private static final List<String> EASY = List.of("capital", "colour", "spell", "count", "name");
  private static final List<String> HARD =
      List.of("prove", "integral", "theorem", "derive", "optimise");
  private static final List<String> FILLER =
      List.of("please", "the", "of", "what", "is", "a", "quick");

  private record Sample(List<String> prompts, double[][] labels, boolean[] hard) {}

  private static Sample sample(SplittableRandom random, int n) {
    List<String> prompts = new ArrayList<>();
    double[][] labels = new double[n][2];
    boolean[] hard = new boolean[n];
    for (int i = 0; i < n; i++) {
      hard[i] = random.nextBoolean();
      List<String> topic = hard[i] ? HARD : EASY;
      StringBuilder prompt = new StringBuilder();
      for (int w = 0; w < 8; w++) {
        List<String> source = random.nextDouble() < 0.3 ? topic : FILLER;
        prompt.append(source.get(random.nextInt(source.size()))).append(' ');
      }
      prompts.add(prompt.toString());
      labels[i][0] = random.nextDouble() < (hard[i] ? 0.15 : 0.85) ? 1 : 0;
      labels[i][1] = random.nextDouble() < 0.3 ? Double.NaN : (random.nextDouble() < 0.9 ? 1 : 0);
    }
    return new Sample(prompts, labels, hard);
  }

  @Test
  void learnsWhichPromptsTheSmallTierGetsRight() {
    SplittableRandom random = TestRandom.create("TfidfTierScorerTest", 314);
    Sample train = sample(random, 800);
    Sample test = sample(random, 800);
    TfidfTierScorer scorer =
        TfidfTierScorer.train(
            train.prompts(),
            List.of("small", "large"),
            train.labels(),
            TfidfVectorizer.Options.defaults(),
            TfidfTierScorer.defaultTrainingOptions().withFolds(3, 7),
            System.out::println);
    System.out.print(scorer.trainingReport().render());
    double[][] predicted = scorer.predictAll(test.prompts());
    double[] small = new double[predicted.length];
    double[] outcome = new double[predicted.length];
    for (int i = 0; i < small.length; i++) {
      small[i] = predicted[i][0];
      outcome[i] = test.labels()[i][0];
    }
    double auc = ProbabilityMetrics.rocAuc(small, outcome);
    double brier = ProbabilityMetrics.brierScore(small, outcome);
    System.out.printf("small tier held out: AUC %.3f, Brier %.4f%n", auc, brier);
    // Topic words appear in most prompts (P(no topic word in 8) = 0.7^8 = 6%), so the ideal AUC is
    // about 0.85; a Brier far below the base-rate's 0.25 shows the probabilities are usable.
    assertTrue(auc > 0.75, "AUC " + auc);
    assertTrue(brier < 0.18, "Brier " + brier);
    double easy = scorer.predict("what is the capital please")[0];
    double hard = scorer.predict("prove the theorem please")[0];
    assertTrue(easy > 0.6 && hard < 0.4, "easy " + easy + ", hard " + hard);
    // The large tier succeeds 90% of the time whatever the prompt: its predictions stay near 0.9.
    assertEquals(0.9, scorer.predict("prove the theorem please")[1], 0.1);
    assertEquals(List.of("small", "large"), scorer.tiers());
  }
}
