package io.tierwise.bench;

import io.tierwise.artifact.RouterManifest;
import io.tierwise.cost.ObservedCost;
import io.tierwise.data.ContaminatedPrompts;
import io.tierwise.data.LabelledDataset;
import io.tierwise.data.LabelledDatasets;
import io.tierwise.data.LabelledPrompt;
import io.tierwise.data.LabelledPromptJsonl;
import io.tierwise.data.Outcome;
import io.tierwise.embedder.EmbedderSettings;
import io.tierwise.embedder.OnnxTextEmbedder;
import io.tierwise.embedder.TextEmbedder;
import io.tierwise.embedding.CachedTextEmbedder;
import io.tierwise.eval.EvaluationReport;
import io.tierwise.eval.OperatingCurve;
import io.tierwise.eval.RouteLlmMetrics;
import io.tierwise.policy.PolicyFamily;
import io.tierwise.policy.ScoredPrompts;
import io.tierwise.retraining.Holdout;
import io.tierwise.retraining.JsonlOutcomeSource;
import io.tierwise.retraining.PromotionRule;
import io.tierwise.retraining.RouterRetraining;
import io.tierwise.routing.LearnedRouter;
import io.tierwise.routing.RoutingDecision;
import io.tierwise.routing.RoutingRequest;
import io.tierwise.routing.Target;
import io.tierwise.tier.Tier;
import io.tierwise.tier.TierKind;
import io.tierwise.training.RouterTrainer;
import io.tierwise.training.RouterTraining;
import io.tierwise.training.RoutingEvaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Replays a workload the router never saw as live traffic through the feedback loop, and reports
 * whether retraining on that traffic's outcomes makes the router better.
 *
 * <p>The starting router is trained on RouteLLM's GSM8K and MT-Bench and on Arena-Bench, without
 * MMLU, with two tiers (Mixtral-8x7B vs GPT-4). A seeded sample of MMLU (which labels both models
 * on every prompt) is split into a fixed test set and a stream; the stream arrives in windows. For
 * each prompt the current router decides; the outcome is revealed only for the chosen tier's model,
 * plus, for a 5% shadow sample of prompts routed to the cheap tier, for the top tier too. Outcomes
 * accumulate in a JSONL {@code OutcomeSource}; after every window {@code RouterRetraining} builds a
 * candidate from the current router, which replaces it only if promotable. Each window reports the
 * serving router's quality and cost on that window (all labels known here, none used for
 * decisions), its APGR and CPT(50%) over the window and over the fixed test set.
 *
 * <p>Run with {@code benchmarks/feedback-replay.sh}; it writes {@code
 * benchmarks/results/feedback-replay.md} and {@code feedback-replay.svg}.
 */
public final class FeedbackReplay {

  private static final Tier CHEAP =
      new Tier("medium", "mixtral-8x7b-instruct", 0.70, 0.70, TierKind.REMOTE);
  private static final Tier TOP =
      new Tier("large", "gpt-4-1106-preview", 10.00, 30.00, TierKind.REMOTE);
  private static final List<Tier> TIERS = List.of(CHEAP, TOP);
  private static final Target TARGET = new Target.Quality(0.95);

  record Settings(
      Path shared,
      Path work,
      Path results,
      int stream,
      int window,
      int test,
      double shadowShare,
      int holdout,
      long seed) {}

  record WindowRow(
      int window,
      String version,
      int prompts,
      double quality,
      double costPer1k,
      double topShare,
      double apgr,
      double cpt50,
      double testApgr,
      double testCpt50,
      double testQuality,
      double testCostPer1k,
      String retrain) {}

  private FeedbackReplay() {}

  public static void main(String[] args) throws IOException {
    Settings settings = parse(args);
    PrintStream log = System.err;
    Instant started = Instant.now();
    Path cacheDir =
        Path.of(
                Optional.ofNullable(System.getenv("TIERWISE_CACHE_DIR"))
                    .orElse("/tmp/cache-retrain"))
            .resolve("embeddings");
    RoutingEvaluation.deleteRecursively(settings.work());
    Files.createDirectories(settings.work());
    Files.createDirectories(settings.results());
    log.println("seed " + settings.seed());

    LabelledDataset base = baseData(settings.shared());
    List<LabelledPrompt> mmlu = mmluSample(settings);
    List<LabelledPrompt> test = mmlu.subList(0, settings.test());
    List<LabelledPrompt> stream = mmlu.subList(settings.test(), mmlu.size());
    log.println(
        "base data (no MMLU): "
            + base.size()
            + " prompts "
            + base.sources()
            + "; MMLU test "
            + test.size()
            + ", stream "
            + stream.size());

    List<WindowRow> rows = new ArrayList<>();
    try (TextEmbedder embedder =
        CachedTextEmbedder.open(
            OnnxTextEmbedder.open(EmbedderSettings.defaults()), cacheDir, log)) {
      Path current = settings.work().resolve("v0");
      new RouterTraining(embedder, RouterTrainer.Settings.defaults(), log)
          .train(base, TIERS, TARGET, "replay", current, false, Optional.empty());
      Path outcomesFile = settings.work().resolve("outcomes.jsonl");
      List<LabelledPrompt> outcomes = new ArrayList<>();
      Random reveal = new Random(settings.seed() + 1);
      int windows = (stream.size() + settings.window() - 1) / settings.window();
      for (int w = 0; w < windows; w++) {
        List<LabelledPrompt> window =
            stream.subList(
                w * settings.window(), Math.min(stream.size(), (w + 1) * settings.window()));
        String version;
        double[] windowMetrics;
        double[] testMetrics;
        List<RoutingDecision> decisions;
        try (LearnedRouter router = LearnedRouter.load(current, embedder, false)) {
          version = router.version();
          decisions =
              router.routeAll(window.stream().map(p -> RoutingRequest.of(p.prompt())).toList());
          windowMetrics = metrics(window, decisions);
          testMetrics =
              metrics(
                  test,
                  router.routeAll(test.stream().map(p -> RoutingRequest.of(p.prompt())).toList()));
        }
        for (int i = 0; i < window.size(); i++) {
          LabelledPrompt prompt = window.get(i);
          boolean top = decisions.get(i).tier().equals(TOP.name());
          Map<String, Outcome> revealed = new TreeMap<>();
          Tier chosen = top ? TOP : CHEAP;
          revealed.put(chosen.model(), served(prompt, chosen));
          if (!top && reveal.nextDouble() < settings.shadowShare()) {
            revealed.put(TOP.model(), served(prompt, TOP));
          }
          outcomes.add(
              new LabelledPrompt(
                  "w" + w + "-" + prompt.id(),
                  prompt.prompt(),
                  "traffic",
                  prompt.task(),
                  revealed));
        }
        LabelledPromptJsonl.write(outcomesFile, outcomes);
        String retrain = "-";
        if (w + 1 < windows) {
          Path candidate = settings.work().resolve("v" + (w + 1));
          RouterRetraining.Result result =
              new RouterRetraining(embedder, PromotionRule.defaults(), log)
                  .retrain(
                      new RouterRetraining.Request(
                          current,
                          JsonlOutcomeSource.of(outcomesFile),
                          Optional.of(base),
                          Optional.of(TARGET),
                          new Holdout.Recent(settings.holdout()),
                          candidate,
                          List.of(),
                          0.9));
          RouterManifest.Retraining r = result.manifest().retraining();
          retrain =
              String.format(
                  Locale.ROOT,
                  "%s (Δu %+.4f, tol %.4f)",
                  result.verdict().promotable() ? "promoted" : "kept parent",
                  result.verdict().meanDifference(),
                  result.verdict().tolerance());
          log.println(
              "window "
                  + (w + 1)
                  + ": retrained on "
                  + r.appendedToMemory()
                  + " outcomes; "
                  + result.verdict().reason());
          if (result.verdict().promotable()) {
            current = candidate;
          }
        }
        WindowRow row =
            new WindowRow(
                w + 1,
                version,
                window.size(),
                windowMetrics[0],
                windowMetrics[1],
                windowMetrics[2],
                windowMetrics[3],
                windowMetrics[4],
                testMetrics[3],
                testMetrics[4],
                testMetrics[0],
                testMetrics[1],
                retrain);
        rows.add(row);
        log.println(row);
      }
    }
    Duration elapsed = Duration.between(started, Instant.now());
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    Path svg = settings.results().resolve("feedback-replay.svg");
    Files.writeString(svg, ReplayPlot.svg(rows), StandardCharsets.UTF_8);
    Files.writeString(
        settings.results().resolve("feedback-replay.md"),
        report(settings, rows, elapsed, load),
        StandardCharsets.UTF_8);
    log.println("wrote " + settings.results().resolve("feedback-replay.md") + " in " + elapsed);
  }

  /**
   * The outcome the feedback path records for a served answer: the judged quality and the call's
   * USD cost (the dataset's token counts at the tier's prices).
   */
  private static Outcome served(LabelledPrompt prompt, Tier tier) {
    Outcome o = prompt.outcome(tier.model());
    return new Outcome(o.quality(), ObservedCost.usd(o, tier), o.inputTokens(), o.outputTokens());
  }

  /**
   * {quality, cost per 1k, top-tier share, APGR, CPT(50%)} of {@code decisions} on fully labelled
   * prompts; APGR and CPT sweep the router's own scores over the same prompts.
   */
  private static double[] metrics(List<LabelledPrompt> prompts, List<RoutingDecision> decisions) {
    int n = prompts.size();
    double[][] p = new double[n][2];
    double[][] est = new double[n][2];
    double[][] q = new double[n][2];
    double[][] c = new double[n][2];
    double quality = 0;
    double cost = 0;
    int top = 0;
    for (int i = 0; i < n; i++) {
      RoutingDecision d = decisions.get(i);
      for (int t = 0; t < 2; t++) {
        Tier tier = TIERS.get(t);
        p[i][t] = d.probabilities().get(tier.name());
        est[i][t] = d.estimatedCostUsd().get(tier.name());
        Outcome o = prompts.get(i).outcome(tier.model());
        q[i][t] = o.quality();
        c[i][t] = ObservedCost.usd(o, tier);
      }
      int chosen = d.tier().equals(TOP.name()) ? 1 : 0;
      top += chosen;
      quality += q[i][chosen];
      cost += c[i][chosen];
    }
    ScoredPrompts scored = ScoredPrompts.of(List.of(CHEAP.name(), TOP.name()), p, est, q, c);
    OperatingCurve curve =
        OperatingCurve.sweep(new PolicyFamily.Utility(), scored, RoutingEvaluation.GRID_SIZE);
    EvaluationReport report = EvaluationReport.create(scored, curve, Optional.empty(), Map.of());
    RouteLlmMetrics routeLlm =
        report.metrics().get(EvaluationReport.ROUTER).routeLlm().orElseThrow();
    return new double[] {
      quality / n, cost / n * 1000.0, (double) top / n, routeLlm.apgr(), routeLlm.cpt50()
    };
  }

  private static LabelledDataset baseData(Path shared) {
    List<Path> paths =
        List.of(
            shared.resolve("data/routellm-evals/gsm8k"),
            shared.resolve("data/routellm-evals/mt_bench"),
            shared.resolve("data/arena-bench-v1"));
    LabelledDataset data = LabelledDatasets.load(paths);
    List<ContaminatedPrompts> lists = new ArrayList<>();
    for (Path path : paths) {
      lists.addAll(ContaminatedPrompts.findAll(path));
    }
    Predicate<LabelledPrompt> contaminated = ContaminatedPrompts.anyOf(lists);
    return data.filter(contaminated.negate());
  }

  /** A seeded sample of MMLU prompts labelled for both tiers, in random (arrival) order. */
  private static List<LabelledPrompt> mmluSample(Settings settings) {
    LabelledDataset mmlu =
        LabelledDatasets.load(settings.shared().resolve("data/routellm-evals/mmlu"));
    List<LabelledPrompt> both = new ArrayList<>();
    for (LabelledPrompt p : mmlu.prompts()) {
      if (p.outcome(CHEAP.model()) != null
          && p.outcome(TOP.model()) != null
          && ObservedCost.isKnown(p.outcome(CHEAP.model()))
          && ObservedCost.isKnown(p.outcome(TOP.model()))) {
        both.add(p);
      }
    }
    Collections.shuffle(both, new Random(settings.seed()));
    int wanted = settings.test() + settings.stream();
    if (both.size() < wanted) {
      throw new IllegalArgumentException(
          "MMLU has " + both.size() + " prompts labelled for both tiers, " + wanted + " wanted");
    }
    return List.copyOf(both.subList(0, wanted));
  }

  private static String report(
      Settings settings, List<WindowRow> rows, Duration elapsed, String load) {
    StringBuilder md = new StringBuilder();
    md.append("# Feedback replay: learning MMLU from served traffic\n\n");
    md.append(
        "Generated by `benchmarks/feedback-replay.sh` (class `io.tierwise.bench.FeedbackReplay`)."
            + " Do not edit by hand.\n\n");
    md.append("## Setup\n\n");
    md.append(
        "- Tiers: `medium` = Mixtral-8x7B-Instruct ($0.70/$0.70 per 1M tokens) and `large` ="
            + " GPT-4-1106-preview ($10/$30). Operating target: quality ≥ 0.95 × the top tier.\n");
    md.append(
        "- Starting router `v0`: trained with `RouterTraining` on RouteLLM GSM8K + MT-Bench and"
            + " Arena-Bench (contaminated prompts dropped), **without MMLU**.\n");
    md.append(
        String.format(
            Locale.ROOT,
            "- Workload: MMLU (RouteLLM evals, both models labelled on every prompt), a seeded sample"
                + " (seed %d) of %d prompts: %d as a fixed test set, never fed back, and %d as live"
                + " traffic in windows of %d requests (subsampled to keep the run short).\n",
            settings.seed(),
            settings.test() + settings.stream(),
            settings.test(),
            settings.stream(),
            settings.window()));
    md.append(
        String.format(
            Locale.ROOT,
            "- Feedback: for each request the current router decides (`LearnedRouter.routeAll`, the"
                + " serving path); the outcome is revealed only for the chosen tier's model, plus"
                + " the top tier's for a %.0f%% shadow sample of the requests routed to `medium`."
                + " Outcomes accumulate in a JSONL `OutcomeSource`.\n",
            settings.shadowShare() * 100));
    md.append(
        String.format(
            Locale.ROOT,
            "- After every window `RouterRetraining` retrains the current router (base data +"
                + " all outcomes so far, the %d most recent held back for the promotion check); the"
                + " candidate serves the next window only if it is promotable (`PromotionRule`:"
                + " paired utility not worse than the parent's within 1.645 SE).\n",
            settings.holdout()));
    md.append(
        "- Per window: quality and cost of the serving router's actual decisions on that window"
            + " (all labels are known to the benchmark, none reached the router before its"
            + " decision), and RouteLLM's APGR and CPT(50%) (`RouteLlmMetrics`, sweeping the"
            + " router's scores) on the window and on the fixed test set.\n\n");
    md.append("## Results\n\n");
    md.append(
        "| window | serving router | quality | cost $/1k | GPT-4 share | APGR (window) | CPT(50%)"
            + " (window) | APGR (test) | CPT(50%) (test) | test quality | test cost $/1k |"
            + " retrain after window |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (WindowRow r : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | `%s` | %.4f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.4f | %.3f | %s |\n",
              r.window(),
              r.version(),
              r.quality(),
              r.costPer1k(),
              r.topShare(),
              r.apgr(),
              r.cpt50(),
              r.testApgr(),
              r.testCpt50(),
              r.testQuality(),
              r.testCostPer1k(),
              r.retrain()));
    }
    WindowRow first = rows.getFirst();
    WindowRow last = rows.getLast();
    md.append(
        String.format(
            Locale.ROOT,
            "\nFirst → last window: APGR on the test set %.3f → %.3f, CPT(50%%) on the test set %.3f"
                + " → %.3f; on the windows themselves APGR %.3f → %.3f, CPT(50%%) %.3f → %.3f;"
                + " quality %.4f → %.4f at $%.3f → $%.3f per 1k requests.\n\n",
            first.testApgr(),
            last.testApgr(),
            first.testCpt50(),
            last.testCpt50(),
            first.apgr(),
            last.apgr(),
            first.cpt50(),
            last.cpt50(),
            first.quality(),
            last.quality(),
            first.costPer1k(),
            last.costPer1k()));
    md.append("![APGR and CPT(50%) per window](feedback-replay.svg)\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Run time %d min %d s, load average at the end `%s` (2 cores shared with other"
                + " work).\n",
            elapsed.toMinutes(),
            elapsed.toSecondsPart(),
            load));
    return md.toString();
  }

  private static Settings parse(String[] args) {
    Path shared = Path.of("../shared");
    Path work = Path.of("/tmp/tierwise-feedback-replay");
    Path results = Path.of("benchmarks/results");
    int stream = 6000;
    int window = 750;
    int test = 2000;
    double shadow = 0.05;
    int holdout = 250;
    long seed = 20261203L;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--shared" -> shared = Path.of(require(args[i], value));
        case "--work" -> work = Path.of(require(args[i], value));
        case "--results" -> results = Path.of(require(args[i], value));
        case "--stream" -> stream = Integer.parseInt(require(args[i], value));
        case "--window" -> window = Integer.parseInt(require(args[i], value));
        case "--test" -> test = Integer.parseInt(require(args[i], value));
        case "--shadow" -> shadow = Double.parseDouble(require(args[i], value));
        case "--holdout" -> holdout = Integer.parseInt(require(args[i], value));
        case "--seed" -> seed = Long.parseLong(require(args[i], value));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    return new Settings(shared, work, results, stream, window, test, shadow, holdout, seed);
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
