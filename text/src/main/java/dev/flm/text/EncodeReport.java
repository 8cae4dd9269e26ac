package dev.flm.text;

/**
 * What one encode call did: how many texts and real (unpadded) tokens it ran, how many padded
 * tokens the model saw, and which inputs needed care. Texts counted as truncated lost their tail
 * beyond the model's maximum length; empty texts got a zero vector; texts with unpaired UTF-16
 * surrogates had them replaced by U+FFFD.
 *
 * @param texts texts requested
 * @param encoded texts run through the model (the rest came from a cache or were empty)
 * @param realTokens tokens of the encoded texts, special tokens included, padding excluded
 * @param paddedTokens tokens fed to the model including padding
 * @param batches model runs
 * @param truncated texts cut at the maximum length
 * @param empty empty or blank texts (zero vectors)
 * @param repaired texts whose invalid characters were replaced
 * @param cacheHits texts served from the embedding cache
 * @param nanos wall time
 */
public record EncodeReport(
    int texts,
    int encoded,
    long realTokens,
    long paddedTokens,
    int batches,
    int truncated,
    int empty,
    int repaired,
    int cacheHits,
    long nanos) {

  public static final EncodeReport EMPTY = new EncodeReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** Texts per second of wall time. */
  public double textsPerSecond() {
    return nanos == 0 ? 0 : texts * 1e9 / nanos;
  }

  /** Real tokens per second of wall time. */
  public double tokensPerSecond() {
    return nanos == 0 ? 0 : realTokens * 1e9 / nanos;
  }

  /** One line for logs and the CLI. */
  public String summary() {
    return String.format(
        "%d texts (%d encoded, %d from cache), %d tokens in %d batches, %.1f texts/s;"
            + " %d truncated, %d empty, %d repaired",
        texts,
        encoded,
        cacheHits,
        realTokens,
        batches,
        textsPerSecond(),
        truncated,
        empty,
        repaired);
  }
}
