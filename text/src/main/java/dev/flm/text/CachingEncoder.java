package dev.flm.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TextEncoder} that looks every text up in an {@link EmbeddingCache} first, encodes only
 * the misses with the wrapped encoder, and writes new vectors to disk after a call that added at
 * least {@value #FLUSH_EVERY} of them (a catalogue) and on {@link #close} (one-off queries).
 * Closing it closes the wrapped encoder. Thread-safe.
 */
public final class CachingEncoder implements TextEncoder {
  static final int FLUSH_EVERY = 64;

  private final TextEncoder inner;
  private final EmbeddingCache cache;

  public CachingEncoder(TextEncoder inner, EmbeddingCache cache) {
    if (!inner.id().equals(cache.encoderId())) {
      throw new IllegalArgumentException(
          "cache is for encoder " + cache.encoderId() + ", not " + inner.id());
    }
    this.inner = inner;
    this.cache = cache;
  }

  /** {@code inner} with its cache in {@link CacheDirs#embeddings()}. */
  public static CachingEncoder wrap(TextEncoder inner) throws IOException {
    return new CachingEncoder(inner, EmbeddingCache.open(inner.id(), inner.dimension()));
  }

  public EmbeddingCache cache() {
    return cache;
  }

  public TextEncoder inner() {
    return inner;
  }

  @Override
  public String id() {
    return inner.id();
  }

  @Override
  public int dimension() {
    return inner.dimension();
  }

  @Override
  public int maxLength() {
    return inner.maxLength();
  }

  @Override
  public EncoderSpec spec() {
    return inner.spec();
  }

  @Override
  public Encoded encodeWithReport(List<String> texts, Role role) {
    long t0 = System.nanoTime();
    int n = texts.size();
    float[][] out = new float[n][];
    String prefix = spec().prefix(role);
    List<Integer> missIdx = new ArrayList<>();
    List<String> missText = new ArrayList<>();
    int empty = 0;
    int hits = 0;
    for (int i = 0; i < n; i++) {
      String s = texts.get(i);
      if (s == null || s.isBlank()) {
        out[i] = new float[dimension()];
        empty++;
        continue;
      }
      float[] v = cache.get(prefix + s);
      if (v != null) {
        out[i] = v;
        hits++;
      } else {
        missIdx.add(i);
        missText.add(s);
      }
    }
    EncodeReport r = EncodeReport.EMPTY;
    if (!missText.isEmpty()) {
      Encoded e = inner.encodeWithReport(missText, role);
      r = e.report();
      for (int k = 0; k < missIdx.size(); k++) {
        out[missIdx.get(k)] = e.vectors()[k];
        cache.put(prefix + missText.get(k), e.vectors()[k]);
      }
      if (missText.size() >= FLUSH_EVERY) {
        flush();
      }
    }
    return new Encoded(
        out,
        new EncodeReport(
            n,
            r.encoded(),
            r.realTokens(),
            r.paddedTokens(),
            r.batches(),
            r.truncated(),
            empty,
            r.repaired(),
            hits,
            System.nanoTime() - t0));
  }

  /** Writes vectors not yet on disk. */
  public void flush() {
    try {
      cache.flush();
    } catch (IOException ex) {
      throw new UncheckedIOException(cache.file() + ": cannot write embedding cache", ex);
    }
  }

  /** Flushes the cache and closes the wrapped encoder. */
  @Override
  public void close() {
    try {
      flush();
    } finally {
      inner.close();
    }
  }
}
