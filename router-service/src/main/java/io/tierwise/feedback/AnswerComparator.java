package io.tierwise.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tierwise.gateway.TierAnswer;
import io.tierwise.gateway.TierCaller;
import java.io.IOException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grades a cheaper tier's answer against the top tier's answer to the same request, for shadow
 * evaluation. Reference comparators ({@link Exact}, {@link Normalised}) take the top tier's answer
 * as correct: it gets quality 1 and the served answer 1 when it matches, else 0. The {@link Judge}
 * grades both answers independently.
 */
public sealed interface AnswerComparator {

  /** Qualities in [0, 1] of the served and the top answer, and what grading cost. */
  record Grades(double served, double top, double costUsd) {
    public Grades {
      if (!(served >= 0 && served <= 1) || !(top >= 0 && top <= 1) || !(costUsd >= 0)) {
        throw new IllegalArgumentException(
            "grades must be in [0, 1] and cost >= 0, got " + served + ", " + top + ", " + costUsd);
      }
    }
  }

  /** The name stored with each shadow result. */
  String name();

  /**
   * @param request the client's chat request
   * @param served the cheaper tier's answer the user got
   * @param top the top tier's answer
   * @throws IOException when grading needs an upstream and it fails
   */
  Grades grade(ObjectNode request, String served, String top)
      throws IOException, InterruptedException;

  /** Identical text after trimming. */
  record Exact() implements AnswerComparator {
    @Override
    public String name() {
      return "exact";
    }

    @Override
    public Grades grade(ObjectNode request, String served, String top) {
      return new Grades(served.strip().equals(top.strip()) ? 1 : 0, 1, 0);
    }
  }

  /**
   * Equal as JSON values when both answers are JSON (structured output), else equal after Unicode
   * normalisation, case folding, collapsing whitespace and dropping surrounding punctuation, so
   * {@code "B."} matches {@code "b"}.
   */
  record Normalised() implements AnswerComparator {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
      return "normalised";
    }

    @Override
    public Grades grade(ObjectNode request, String served, String top) {
      Optional<JsonNode> a = json(served);
      Optional<JsonNode> b = json(top);
      boolean same =
          a.isPresent() && b.isPresent()
              ? a.get().equals(b.get())
              : normalise(served).equals(normalise(top));
      return new Grades(same ? 1 : 0, 1, 0);
    }

    static String normalise(String text) {
      String folded =
          Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
      return folded.replaceAll("\\s+", " ").replaceAll("^[\\p{Punct}\\s]+|[\\p{Punct}\\s]+$", "");
    }

    private static Optional<JsonNode> json(String text) {
      String t = text.strip();
      if (!(t.startsWith("{") || t.startsWith("["))) {
        return Optional.empty();
      }
      try {
        return Optional.of(JSON.readTree(t));
      } catch (IOException e) {
        return Optional.empty();
      }
    }
  }

  /**
   * An LLM judge, called through the gateway's upstreams for {@code tier} like any request, grades
   * both answers from 0 to 10; qualities are the grades divided by 10.
   */
  record Judge(TierCaller caller, String tier, Duration timeout) implements AnswerComparator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GRADE_A = Pattern.compile("\"?a\"?\\s*[:=]\\s*(\\d+(?:\\.\\d+)?)");
    private static final Pattern GRADE_B = Pattern.compile("\"?b\"?\\s*[:=]\\s*(\\d+(?:\\.\\d+)?)");

    static final String INSTRUCTIONS =
        "You grade two answers to the same request. Grade each from 0 (wrong or useless) to 10"
            + " (fully correct and helpful), independently. Reply with only JSON:"
            + " {\"a\": <grade of answer A>, \"b\": <grade of answer B>}";

    public Judge {
      Objects.requireNonNull(caller, "caller");
      Objects.requireNonNull(tier, "tier");
      Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String name() {
      return "judge";
    }

    @Override
    public Grades grade(ObjectNode request, String served, String top)
        throws IOException, InterruptedException {
      ObjectNode judging = JSON.createObjectNode();
      judging.put("model", tier);
      judging.put("temperature", 0);
      ArrayNode messages = judging.putArray("messages");
      messages.addObject().put("role", "system").put("content", INSTRUCTIONS);
      messages
          .addObject()
          .put("role", "user")
          .put(
              "content",
              "Request:\n"
                  + conversation(request)
                  + "\n\nAnswer A:\n"
                  + served
                  + "\n\nAnswer B:\n"
                  + top);
      TierAnswer verdict = caller.complete(tier, judging, timeout);
      return new Grades(
          grade(GRADE_A, verdict.text()), grade(GRADE_B, verdict.text()), verdict.costUsd());
    }

    private static double grade(Pattern pattern, String verdict) throws IOException {
      Matcher m = pattern.matcher(verdict.toLowerCase(Locale.ROOT));
      if (!m.find()) {
        throw new IOException("judge reply has no grade: " + abbreviate(verdict));
      }
      double grade = Double.parseDouble(m.group(1));
      if (grade > 10) {
        throw new IOException("judge grade " + grade + " is outside 0..10");
      }
      return grade / 10.0;
    }

    private static String conversation(ObjectNode request) {
      StringBuilder text = new StringBuilder();
      for (JsonNode message : request.path("messages")) {
        JsonNode content = message.path("content");
        String body;
        if (content.isArray()) {
          StringBuilder parts = new StringBuilder();
          content.forEach(part -> parts.append(part.path("text").asText("")));
          body = parts.toString();
        } else {
          body = content.asText("");
        }
        text.append(message.path("role").asText("user")).append(": ").append(body).append('\n');
      }
      return text.toString().strip();
    }

    private static String abbreviate(String text) {
      return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
  }
}
