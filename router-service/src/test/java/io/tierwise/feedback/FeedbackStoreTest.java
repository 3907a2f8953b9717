package io.tierwise.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tierwise.config.FeedbackSettings;
import io.tierwise.data.LabelledPrompt;
import io.tierwise.gateway.RequestOutcome;
import io.tierwise.gateway.RequestRecord;
import io.tierwise.gateway.SqliteRequestLog;
import io.tierwise.gateway.Usage;
import io.tierwise.reload.VersionedRouter;
import io.tierwise.routing.RoutingDecision;
import io.tierwise.routing.RoutingRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackStoreTest {

  @TempDir Path dir;

  private final VersionedRouter router = new VersionedRouter("v1");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private FeedbackStore store;

  @BeforeEach
  void open() {
    store =
        FeedbackStore.open(FeedbackSettings.defaults().withStore(dir.resolve("t.db")), registry);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private DecisionRecord decide(String prompt, Optional<String> tenant) {
    RoutingDecision decision = router.route(RoutingRequest.of(prompt));
    DecisionRecord record =
        DecisionRecord.of(
            decision,
            VersionedRouter.TIERS,
            prompt,
            tenant,
            Optional.of("wf"),
            DecisionOrigin.ROUTE,
            Instant.now());
    store.record(record);
    return record;
  }

  @Test
  void recordsDecisionsInTheBackgroundWithEverythingFeedbackNeeds() throws Exception {
    DecisionRecord record = decide("short question", Optional.of("acme"));
    store.flush();

    DecisionRecord stored = store.findDecision(record.decisionId()).orElseThrow();
    assertEquals(record, stored);
    assertEquals("small", stored.tier());
    assertEquals("v1", stored.routerVersion());
    assertEquals(3, stored.probabilities().size());
    assertEquals("large", stored.topTier());
  }

  @Test
  void feedbackIsIdempotentPerSourceAndTheFirstLabelStands() {
    DecisionRecord d = decide("q", Optional.empty());
    Feedback up =
        Feedback.ofThumbs(d.decisionId(), LabelSource.USER, Feedback.Thumbs.UP, Optional.empty());

    FeedbackResult first = store.submit(up);
    FeedbackResult again = store.submit(up);
    FeedbackResult changed =
        store.submit(
            Feedback.ofThumbs(
                d.decisionId(), LabelSource.USER, Feedback.Thumbs.DOWN, Optional.empty()));
    FeedbackResult judge =
        store.submit(Feedback.ofScore(d.decisionId(), LabelSource.JUDGE, 0.4, Optional.of("meh")));

    StoredFeedback stored = assertInstanceOf(FeedbackResult.Created.class, first).stored();
    assertEquals(stored, assertInstanceOf(FeedbackResult.Repeated.class, again).stored());
    assertEquals(stored, assertInstanceOf(FeedbackResult.Conflict.class, changed).stored());
    assertInstanceOf(FeedbackResult.Created.class, judge);
    assertEquals(2, store.count("feedback"));
    assertEquals(
        1.0, store.findFeedback(d.decisionId(), LabelSource.USER).orElseThrow().feedback().score());
  }

  @Test
  void feedbackForAnUnknownDecisionChangesNothing() {
    FeedbackResult result =
        store.submit(Feedback.ofScore("d-nope", LabelSource.USER, 1, Optional.empty()));

    assertEquals(new FeedbackResult.UnknownDecision("d-nope"), result);
    assertEquals(0, store.count("feedback"));
  }

  @Test
  void feedbackRightAfterTheDecisionFindsItStillQueued() {
    // Many decisions ahead in the queue make it likely the last one is still pending; either way
    // the feedback must succeed and be committed with its decision.
    DecisionRecord last = null;
    for (int i = 0; i < 3000; i++) {
      last = decide("prompt " + i, Optional.empty());
    }
    FeedbackResult result =
        store.submit(Feedback.ofScore(last.decisionId(), LabelSource.USER, 0.5, Optional.empty()));

    assertInstanceOf(FeedbackResult.Created.class, result);
    assertTrue(store.findDecision(last.decisionId()).isPresent());
  }

  @Test
  void aFullQueueCountsWhatItCouldNotRecord() throws Exception {
    store.close();
    store =
        FeedbackStore.open(
            new FeedbackSettings(Optional.of(dir.resolve("small.db")), 1, 1, Duration.ZERO),
            registry);
    int n = 500;
    for (int i = 0; i < n; i++) {
      decide("p" + i, Optional.empty());
    }
    store.flush();

    double dropped = registry.get("tierwise.feedback.writes.dropped").counter().count();
    assertEquals(
        n, store.count("decisions") + (long) dropped, "every decision committed or counted");
  }

  @Test
  void outcomesFollowTheSourcePriorityAndLabelLocalAttemptsSeparately() throws Exception {
    DecisionRecord plain = decide("first prompt", Optional.of("acme"));
    DecisionRecord escalated = decide("second prompt", Optional.empty());
    DecisionRecord shadowed = decide("third prompt", Optional.empty());
    decide("never labelled", Optional.empty());
    store.flush();
    store.submit(Feedback.ofScore(plain.decisionId(), LabelSource.USER, 0.2, Optional.empty()));
    store.submit(
        Feedback.ofScore(plain.decisionId(), LabelSource.VALIDATOR, 0.9, Optional.empty()));
    store.submit(Feedback.ofScore(plain.decisionId(), LabelSource.SHADOW, 0.1, Optional.empty()));
    store.recordLocalAttempt(
        new LocalConfidence(escalated.decisionId(), "local", "local-model", 0.3, true, 10, 5, 0));
    store.submit(
        Feedback.ofThumbs(
            escalated.decisionId(), LabelSource.USER, Feedback.Thumbs.UP, Optional.empty()));
    store.recordShadow(
        new ShadowResult(
            shadowed.decisionId(),
            "small",
            "small-model",
            0.0,
            "large",
            "large-model",
            1.0,
            0.02,
            0,
            "exact"));
    store.flush();

    List<LabelledPrompt> outcomes = store.labelledOutcomes();

    assertEquals(
        List.of(plain.decisionId(), escalated.decisionId(), shadowed.decisionId()),
        outcomes.stream().map(LabelledPrompt::id).toList());
    LabelledPrompt first = outcomes.get(0);
    assertEquals("first prompt", first.prompt());
    assertEquals("traffic/acme", first.source());
    assertEquals("wf", first.task());
    assertEquals(0.9, first.outcome("small-model").quality(), "validator beats user and shadow");
    assertEquals(plain.estimatedCostUsd().get("small"), first.outcome("small-model").costUsd());
    LabelledPrompt second = outcomes.get(1);
    assertEquals("traffic", second.source());
    assertEquals(0.3, second.outcome("local-model").quality(), "local model: its confidence");
    assertEquals(1.0, second.outcome("small-model").quality(), "final tier: the feedback");
    assertEquals(10L, second.outcome("local-model").inputTokens());
    LabelledPrompt third = outcomes.get(2);
    assertEquals(0.0, third.outcome("small-model").quality());
    assertEquals(1.0, third.outcome("large-model").quality());
    assertEquals(0.02, third.outcome("large-model").costUsd());
  }

  @Test
  void outcomesUseTheRequestLogsServingTierAndCostWhenItSharesTheFile() throws Exception {
    DecisionRecord d = decide("fell back", Optional.empty());
    store.flush();
    try (SqliteRequestLog log = SqliteRequestLog.open(store.file())) {
      log.append(
          new RequestRecord(
              d.decisionId(),
              Instant.now(),
              "default",
              "",
              "tierwise/auto",
              "small",
              "medium",
              "upstream-medium-model",
              "medium-1",
              false,
              200,
              RequestOutcome.COMPLETED,
              List.of(),
              new Usage(12, 34, false),
              0.0123,
              Duration.ofMillis(5),
              Optional.empty()));
    }
    store.submit(Feedback.ofScore(d.decisionId(), LabelSource.USER, 0.8, Optional.empty()));

    LabelledPrompt labelled = store.labelledOutcomes().get(0);

    assertNull(labelled.outcome("small-model"), "the chosen tier did not answer");
    assertEquals(0.8, labelled.outcome("medium-model").quality());
    assertEquals(0.0123, labelled.outcome("medium-model").costUsd());
    assertEquals(34L, labelled.outcome("medium-model").outputTokens());
  }

  @Test
  void anotherProcessReadsTheSameSnapshotReadOnlyWhileTheStoreIsOpen() throws Exception {
    DecisionRecord d = decide("read elsewhere", Optional.of("acme"));
    store.submit(Feedback.ofScore(d.decisionId(), LabelSource.JUDGE, 0.6, Optional.empty()));

    OutcomeSource reader = SqliteOutcomeSource.of(store.file());

    assertEquals(store.labelledOutcomes(), reader.labelledOutcomes());
    assertEquals(0.6, reader.labelledOutcomes().get(0).outcome("small-model").quality());
    FeedbackStoreException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            FeedbackStoreException.class,
            () -> SqliteOutcomeSource.of(emptyDatabase()).labelledOutcomes());
    assertTrue(e.getMessage().contains("feedback store"), e.getMessage());
  }

  private Path emptyDatabase() throws Exception {
    Path file = dir.resolve("other.sqlite");
    try (SqliteRequestLog log = SqliteRequestLog.open(file)) {
      return file;
    }
  }

  @Test
  void decisionsSurviveReopening() throws Exception {
    DecisionRecord d = decide("kept", Optional.empty());
    store.close();
    store =
        FeedbackStore.open(FeedbackSettings.defaults().withStore(dir.resolve("t.db")), registry);

    assertTrue(store.findDecision(d.decisionId()).isPresent(), "close commits the queue");
  }
}
