package dev.flm.text;

import java.util.List;

/**
 * Turns texts into fixed-length vectors with a pretrained language model, in three steps that can
 * be tested one by one: tokenize, run the model, pool. Implementations are thread-safe (many
 * threads may encode at once) and hold native resources, so close them when done.
 *
 * <p>Vectors come back in input order. An empty or blank text gets a zero vector and is counted in
 * the report; text longer than {@link #maxLength()} tokens is truncated and counted.
 */
public interface TextEncoder extends AutoCloseable {

  /** Identity of the weights and settings; equal ids give equal vectors (the cache key). */
  String id();

  /** Output vector length. */
  int dimension();

  /** Maximum tokens per text, special tokens included. */
  int maxLength();

  /** The model's settings. */
  EncoderSpec spec();

  /** Vectors for {@code texts} in the given role, with a report of what was done. */
  Encoded encodeWithReport(List<String> texts, Role role);

  /** Vectors for {@code texts} as passages (item texts). */
  default float[][] encode(List<String> texts) {
    return encodeWithReport(texts, Role.PASSAGE).vectors();
  }

  /** Vectors for {@code texts} in the given role. */
  default float[][] encode(List<String> texts, Role role) {
    return encodeWithReport(texts, role).vectors();
  }

  /** The vector of one text. */
  default float[] encode(String text, Role role) {
    return encodeWithReport(List.of(text), role).vectors()[0];
  }

  @Override
  void close();
}
