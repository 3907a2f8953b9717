package io.tierwise.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * The decoding loop shared by every local decoder: pick a token, record its log-probability, turn
 * bytes into text, stream what is final, and stop on a stop token, a stop string, {@code
 * maxNewTokens} or a full context window.
 */
final class GenerationLoop {

  /** Where the loop gets each step's logits from. */
  interface LogitsSource {

    /** Logits for the token after the sequence so far; the array may be reused. */
    float[] nextLogits();

    /** Extends the sequence with the chosen token. */
    void append(int tokenId);
  }

  private final TokenVocabulary vocabulary;
  private final int vocabSize;
  private final int contextLength;
  private final Set<Integer> modelStopIds;

  GenerationLoop(
      TokenVocabulary vocabulary, int vocabSize, int contextLength, Set<Integer> modelStopIds) {
    this.vocabulary = vocabulary;
    this.vocabSize = vocabSize;
    this.contextLength = contextLength;
    this.modelStopIds = Set.copyOf(modelStopIds);
  }

  Generation run(GenerationRequest request, int promptTokens, LogitsSource source, TokenSink sink) {
    TokenSampler sampler = new TokenSampler(request.sampling());
    StopStrings stops = new StopStrings(request.stopStrings());
    Set<Integer> requestStopIds = request.stopTokenIds();
    Utf8Accumulator utf8 = new Utf8Accumulator();
    StringBuilder text = new StringBuilder();
    List<GeneratedToken> tokens = new ArrayList<>();
    int emitted = 0;
    FinishReason finish = FinishReason.LENGTH;
    boolean cutAtStopString = false;
    while (true) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException(
            "generation interrupted after " + tokens.size() + " tokens");
      }
      float[] logits = source.nextLogits();
      int id = sampler.choose(logits, vocabSize);
      if (modelStopIds.contains(id) || requestStopIds.contains(id)) {
        finish = FinishReason.STOP;
        break;
      }
      GeneratedToken token =
          generatedToken(id, LogProbabilities.of(logits, vocabSize), request.topLogprobs());
      tokens.add(token);
      sink.onToken(token);
      int before = text.length();
      text.append(utf8.append(vocabulary.bytes(id)));
      if (!stops.isEmpty() && text.length() > before) {
        int at = stops.find(text, before);
        if (at >= 0) {
          text.setLength(at);
          finish = FinishReason.STOP;
          cutAtStopString = true;
          break;
        }
      }
      if (tokens.size() >= request.maxNewTokens()
          || promptTokens + tokens.size() >= contextLength) {
        break;
      }
      int safe = text.length() - stops.heldBack(text);
      if (safe > emitted) {
        sink.onText(text.substring(emitted, safe));
        emitted = safe;
      }
      source.append(id);
    }
    if (!cutAtStopString) {
      text.append(utf8.flush());
    }
    if (text.length() > emitted) {
      sink.onText(text.substring(emitted));
    }
    return new Generation(
        text.toString(), tokens, finish, new TokenUsage(promptTokens, tokens.size()));
  }

  private GeneratedToken generatedToken(int id, LogProbabilities logprobs, int alternatives) {
    List<TokenLogprob> top = new ArrayList<>(alternatives);
    if (alternatives > 0) {
      for (int candidate : logprobs.top(alternatives)) {
        top.add(
            new TokenLogprob(
                candidate,
                vocabulary.token(candidate),
                vocabulary.bytes(candidate),
                logprobs.of(candidate)));
      }
    }
    return new GeneratedToken(id, vocabulary.token(id), vocabulary.bytes(id), logprobs.of(id), top);
  }
}
