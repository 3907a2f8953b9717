package io.tierwise.local;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One prompt to complete locally, with its limits and stop conditions.
 *
 * <p>{@code GenerationRequest.of("Once upon a time", 64).withStopStrings(List.of("\n\n"))}
 *
 * @param prompt the user text; the decoder's chat template, if any, wraps it
 * @param systemPrompt system text for the chat template, empty for none
 * @param maxNewTokens most tokens to generate, at least 1
 * @param sampling how each token is picked
 * @param stopTokenIds ids that end generation (not emitted), in addition to the model's EOS ids
 * @param stopStrings texts that end generation; the output is cut before the first one found
 * @param topLogprobs how many most likely alternatives to report per token, 0 to {@value
 *     #MAX_TOP_LOGPROBS}
 */
public record GenerationRequest(
    String prompt,
    String systemPrompt,
    int maxNewTokens,
    SamplingParams sampling,
    Set<Integer> stopTokenIds,
    List<String> stopStrings,
    int topLogprobs) {

  /** The OpenAI API's limit on {@code top_logprobs}. */
  public static final int MAX_TOP_LOGPROBS = 20;

  public GenerationRequest {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens must be at least 1, got: " + maxNewTokens);
    }
    Objects.requireNonNull(sampling, "sampling");
    stopTokenIds = Set.copyOf(Objects.requireNonNull(stopTokenIds, "stopTokenIds"));
    for (int id : stopTokenIds) {
      if (id < 0) {
        throw new IllegalArgumentException("stop token ids must be >= 0, got: " + id);
      }
    }
    stopStrings = List.copyOf(Objects.requireNonNull(stopStrings, "stopStrings"));
    for (String stop : stopStrings) {
      if (stop.isEmpty()) {
        throw new IllegalArgumentException("stop strings must not be empty, got: " + stopStrings);
      }
    }
    if (topLogprobs < 0 || topLogprobs > MAX_TOP_LOGPROBS) {
      throw new IllegalArgumentException(
          "topLogprobs must be in [0, " + MAX_TOP_LOGPROBS + "], got: " + topLogprobs);
    }
  }

  /** Greedy completion of {@code prompt} with no system prompt, stops or alternatives. */
  public static GenerationRequest of(String prompt, int maxNewTokens) {
    return new GenerationRequest(
        prompt, "", maxNewTokens, SamplingParams.GREEDY, Set.of(), List.of(), 0);
  }

  public GenerationRequest withSystemPrompt(String systemPrompt) {
    return new GenerationRequest(
        prompt, systemPrompt, maxNewTokens, sampling, stopTokenIds, stopStrings, topLogprobs);
  }

  public GenerationRequest withMaxNewTokens(int maxNewTokens) {
    return new GenerationRequest(
        prompt, systemPrompt, maxNewTokens, sampling, stopTokenIds, stopStrings, topLogprobs);
  }

  public GenerationRequest withSampling(SamplingParams sampling) {
    return new GenerationRequest(
        prompt, systemPrompt, maxNewTokens, sampling, stopTokenIds, stopStrings, topLogprobs);
  }

  public GenerationRequest withStopTokenIds(Set<Integer> stopTokenIds) {
    return new GenerationRequest(
        prompt, systemPrompt, maxNewTokens, sampling, stopTokenIds, stopStrings, topLogprobs);
  }

  public GenerationRequest withStopStrings(List<String> stopStrings) {
    return new GenerationRequest(
        prompt, systemPrompt, maxNewTokens, sampling, stopTokenIds, stopStrings, topLogprobs);
  }

  public GenerationRequest withTopLogprobs(int topLogprobs) {
    return new GenerationRequest(
        prompt, systemPrompt, maxNewTokens, sampling, stopTokenIds, stopStrings, topLogprobs);
  }
}
