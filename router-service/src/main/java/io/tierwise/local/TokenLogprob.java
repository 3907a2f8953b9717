package io.tierwise.local;

import java.util.Arrays;
import java.util.Objects;

/**
 * One candidate token with its log-probability: an entry of OpenAI's {@code top_logprobs}.
 *
 * @param id vocabulary id
 * @param token the token's text; {@code bytes:\xNN} escapes when its bytes are not valid UTF-8 on
 *     their own (a piece of a multi-byte character), the token's content for special tokens
 * @param bytes the UTF-8 bytes the token contributes to the output text (empty for special tokens)
 * @param logprob natural-log probability under the model's unmodified distribution (temperature 1,
 *     no top-k/top-p truncation)
 */
public record TokenLogprob(int id, String token, byte[] bytes, double logprob) {

  public TokenLogprob {
    if (id < 0) {
      throw new IllegalArgumentException("id must be >= 0, got: " + id);
    }
    Objects.requireNonNull(token, "token");
    bytes = Objects.requireNonNull(bytes, "bytes").clone();
    if (!(logprob <= 0.0)) {
      throw new IllegalArgumentException("logprob must be <= 0, got: " + logprob);
    }
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenLogprob other
        && id == other.id
        && token.equals(other.token)
        && Arrays.equals(bytes, other.bytes)
        && Double.compare(logprob, other.logprob) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, token, Arrays.hashCode(bytes), logprob);
  }

  @Override
  public String toString() {
    return "TokenLogprob[id=" + id + ", token=" + token + ", logprob=" + logprob + "]";
  }
}
