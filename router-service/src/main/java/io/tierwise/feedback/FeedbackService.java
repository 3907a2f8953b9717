package io.tierwise.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tierwise.http.ApiException;
import io.tierwise.http.JsonCodec;
import io.tierwise.http.RequestAudit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code POST /v1/feedback}: a label for an earlier decision.
 *
 * <pre>{@code
 * {"decisionId": "d-42", "thumbs": "up", "source": "user", "note": "fixed my bug"}
 * {"decisionId": "d-42", "score": 0.7, "source": "judge"}
 * }</pre>
 *
 * <p>Idempotent on (decisionId, source): the first label gets 201 with the stored record, the same
 * label again gets 200 with the same record, a different label from the same source gets 409 {@code
 * feedback_conflict} naming the stored one (the first label stands). An unknown decision id is 404
 * {@code unknown_decision}; an invalid field is 400 naming it. Any 2xx means committed to disk.
 */
public final class FeedbackService implements HttpService {

  private static final Set<String> FIELDS =
      Set.of("decisionId", "score", "thumbs", "source", "note");
  private static final String SOURCES =
      Arrays.stream(LabelSource.values())
          .filter(LabelSource::acceptedAsFeedback)
          .map(LabelSource::wireName)
          .collect(Collectors.joining("|"));

  private final FeedbackStore store;
  private final JsonCodec json;

  public FeedbackService(FeedbackStore store, JsonCodec json) {
    this.store = Objects.requireNonNull(store, "store");
    this.json = Objects.requireNonNull(json, "json");
  }

  /** The response body: the stored label. */
  public record FeedbackView(
      String decisionId,
      String source,
      double score,
      String thumbs,
      String note,
      String recordedAt) {
    static FeedbackView of(StoredFeedback stored) {
      Feedback f = stored.feedback();
      return new FeedbackView(
          f.decisionId(),
          f.source().wireName(),
          f.score(),
          f.thumbs().map(t -> t.name().toLowerCase(Locale.ROOT)).orElse(null),
          f.note().orElse(null),
          stored.recordedAt().toString());
    }
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/v1/feedback", this::submit);
  }

  private void submit(ServerRequest request, ServerResponse response) {
    Feedback feedback = parse(json.readBody(request));
    RequestAudit.of(request).decisionId(feedback.decisionId());
    switch (store.submit(feedback)) {
      case FeedbackResult.Created created -> {
        response.status(Status.CREATED_201);
        json.send(response, FeedbackView.of(created.stored()));
      }
      case FeedbackResult.Repeated repeated ->
          json.send(response, FeedbackView.of(repeated.stored()));
      case FeedbackResult.Conflict conflict -> {
        Feedback stored = conflict.stored().feedback();
        throw new ApiException(
            409,
            "feedback_conflict",
            "decision "
                + stored.decisionId()
                + " already has "
                + stored.source().wireName()
                + " feedback with score "
                + stored.score()
                + " (recorded "
                + conflict.stored().recordedAt()
                + "); feedback is immutable, the first label stands");
      }
      case FeedbackResult.UnknownDecision unknown ->
          throw new ApiException(
              404,
              "unknown_decision",
              "no decision with id '"
                  + unknown.decisionId()
                  + "'; feedback refers to the id a routing decision returned");
    }
  }

  /**
   * Validates a feedback body.
   *
   * @throws ApiException 400 naming the offending field
   */
  static Feedback parse(JsonNode body) {
    if (!body.isObject()) {
      throw invalid("body", "request body must be a JSON object");
    }
    body.fieldNames()
        .forEachRemaining(
            name -> {
              if (!FIELDS.contains(name)) {
                throw ApiException.badRequest(
                    "unknown_field",
                    "unknown field '" + name + "'; known fields: " + String.join(", ", FIELDS));
              }
            });
    String decisionId = text(body, "decisionId").orElseThrow(() -> required("decisionId"));
    if (decisionId.isBlank()) {
      throw invalid("decisionId", "decisionId must not be blank");
    }
    String sourceName = text(body, "source").orElseThrow(() -> required("source"));
    LabelSource source =
        LabelSource.fromWireName(sourceName)
            .filter(LabelSource::acceptedAsFeedback)
            .orElseThrow(
                () ->
                    invalid("source", "source must be one of " + SOURCES + ", got: " + sourceName));
    Optional<String> note = text(body, "note");
    if (note.isPresent() && note.get().length() > Feedback.MAX_NOTE_CHARS) {
      throw invalid(
          "note",
          "note must be at most "
              + Feedback.MAX_NOTE_CHARS
              + " characters, got: "
              + note.get().length());
    }
    JsonNode score = body.get("score");
    Optional<String> thumbs = text(body, "thumbs");
    if ((score == null || score.isNull()) == thumbs.isEmpty()) {
      throw invalid("score", "send exactly one of score (a number in [0, 1]) and thumbs (up|down)");
    }
    if (thumbs.isPresent()) {
      Feedback.Thumbs value =
          switch (thumbs.get()) {
            case "up" -> Feedback.Thumbs.UP;
            case "down" -> Feedback.Thumbs.DOWN;
            default -> throw invalid("thumbs", "thumbs must be up or down, got: " + thumbs.get());
          };
      return Feedback.ofThumbs(decisionId, source, value, note);
    }
    if (!score.isNumber() || !(score.asDouble() >= 0.0 && score.asDouble() <= 1.0)) {
      throw invalid("score", "score must be a number in [0, 1], got: " + score);
    }
    return Feedback.ofScore(decisionId, source, score.asDouble(), note);
  }

  private static Optional<String> text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw invalid(field, field + " must be a string, got: " + value);
    }
    return Optional.of(value.asText());
  }

  private static ApiException required(String field) {
    return invalid(field, field + " is required");
  }

  private static ApiException invalid(String field, String message) {
    return ApiException.badRequest("invalid_" + snake(field), message);
  }

  private static String snake(String field) {
    return field.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
