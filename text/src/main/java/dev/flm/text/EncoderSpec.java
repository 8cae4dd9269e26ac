package dev.flm.text;

import java.util.Objects;

/**
 * What a model needs besides its weights: how to pool and normalise, which prefix each {@link Role}
 * gets, the maximum number of tokens (longer texts are truncated) and the output dimension.
 *
 * @param id stable identity of the weights, used as the embedding cache key (name and version for a
 *     catalogue model, a content hash for a local folder)
 * @param pooling token pooling
 * @param normalize whether vectors are scaled to unit length
 * @param queryPrefix text put before every query (e.g. E5's {@code "query: "}), may be empty
 * @param passagePrefix text put before every passage, may be empty
 * @param maxLength maximum tokens per text including special tokens
 * @param dimension output vector length
 */
public record EncoderSpec(
    String id,
    Pooling pooling,
    boolean normalize,
    String queryPrefix,
    String passagePrefix,
    int maxLength,
    int dimension) {

  public EncoderSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(pooling, "pooling");
    queryPrefix = queryPrefix == null ? "" : queryPrefix;
    passagePrefix = passagePrefix == null ? "" : passagePrefix;
    if (maxLength < 3 || maxLength > 8192) {
      throw new IllegalArgumentException("maxLength must be in 3..8192; maxLength=" + maxLength);
    }
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be >= 1; dimension=" + dimension);
    }
  }

  /** The prefix of {@code role}. */
  public String prefix(Role role) {
    return role == Role.QUERY ? queryPrefix : passagePrefix;
  }

  /** The same spec with another maximum length. */
  public EncoderSpec withMaxLength(int newMaxLength) {
    return new EncoderSpec(
        id, pooling, normalize, queryPrefix, passagePrefix, newMaxLength, dimension);
  }
}
