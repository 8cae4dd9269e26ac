package dev.flm.train;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A dependency-free text vectorizer: lower-cased word unigrams and bigrams hashed (FNV-1a) into
 * {@code dim} signed buckets, then L2-normalised. Deterministic and needing no model files, it
 * serves tests and is a fair bag-of-words baseline; real runs use a pretrained encoder.
 */
public final class HashingTextSource implements TextSource {
  private final int dim;

  public HashingTextSource(int dim) {
    if (dim < 2) {
      throw new IllegalArgumentException("dim must be >= 2; dim=" + dim);
    }
    this.dim = dim;
  }

  @Override
  public String name() {
    return "hashing-" + dim;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public float[][] encode(List<String> texts) {
    float[][] out = new float[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = encode(texts.get(i));
    }
    return out;
  }

  /** Vector of one text. */
  public float[] encode(String text) {
    float[] v = new float[dim];
    if (text == null || text.isBlank()) {
      return v;
    }
    String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
    String prev = null;
    for (String w : words) {
      if (w.isEmpty()) {
        continue;
      }
      add(v, w);
      if (prev != null) {
        add(v, prev + " " + w);
      }
      prev = w;
    }
    double ss = 0;
    for (float x : v) {
      ss += x * x;
    }
    if (ss > 0) {
      float f = (float) (1 / Math.sqrt(ss));
      for (int k = 0; k < dim; k++) {
        v[k] *= f;
      }
    }
    return v;
  }

  private void add(float[] v, String token) {
    int h = 0x811C9DC5;
    for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x01000193;
    }
    int bucket = Math.floorMod(h, dim);
    v[bucket] += ((h >>> 31) == 0) ? 1f : -1f;
  }
}
