package io.tierwise.local;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A token the decoder chose, with its log-probability and, on request, the most likely
 * alternatives: one entry of OpenAI's {@code logprobs.content}.
 *
 * @param id vocabulary id
 * @param token the token's text (see {@link TokenLogprob#token()})
 * @param bytes the UTF-8 bytes the token contributes to the output text
 * @param logprob natural-log probability of this token under the model's unmodified distribution
 * @param topLogprobs the most likely tokens at this step, most likely first (empty unless asked)
 */
public record GeneratedToken(
    int id, String token, byte[] bytes, double logprob, List<TokenLogprob> topLogprobs) {

  public GeneratedToken {
    if (id < 0) {
      throw new IllegalArgumentException("id must be >= 0, got: " + id);
    }
    Objects.requireNonNull(token, "token");
    bytes = Objects.requireNonNull(bytes, "bytes").clone();
    if (!(logprob <= 0.0)) {
      throw new IllegalArgumentException("logprob must be <= 0, got: " + logprob);
    }
    topLogprobs = List.copyOf(Objects.requireNonNull(topLogprobs, "topLogprobs"));
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GeneratedToken other
        && id == other.id
        && token.equals(other.token)
        && Arrays.equals(bytes, other.bytes)
        && Double.compare(logprob, other.logprob) == 0
        && topLogprobs.equals(other.topLogprobs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, token, Arrays.hashCode(bytes), logprob, topLogprobs);
  }

  @Override
  public String toString() {
    return "GeneratedToken[id=" + id + ", token=" + token + ", logprob=" + logprob + "]";
  }
}
