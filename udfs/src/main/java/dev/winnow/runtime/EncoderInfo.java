package dev.winnow.runtime;

import java.util.Objects;

/**
 * What a loaded sentence encoder is.
 *
 * @param contentHash hex SHA-256 over the encoder's weights, config and tokenizer
 * @param dimension length of each pooled vector
 * @param maxTokens longest token sequence the encoder accepts, special tokens included
 */
public record EncoderInfo(String name, String contentHash, int dimension, int maxTokens) {

  public EncoderInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(contentHash, "contentHash");
  }

  /** A stable, printable id: {@code name@first-12-hex-of-hash}. */
  public String id() {
    return name + "@" + contentHash.substring(0, Math.min(12, contentHash.length()));
  }
}
