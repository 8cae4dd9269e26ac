package dev.flm.text;

import dev.flm.io.ArrayFile;
import dev.flm.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * On-disk vectors of one encoder keyed by the hash of the exact text the model saw (prefix
 * included), so re-encoding unchanged texts is a lookup. Thread-safe.
 *
 * <p>One file per encoder id, {@code <dir>/<id>.flmv}: an {@link ArrayFile} of kind {@code
 * flm-embedding-cache} (versioned, CRC32C-checked) with {@code encoder} (the id), {@code dim},
 * {@code keys} (two longs per entry: the first 128 bits of the SHA-256 of the UTF-8 text) and
 * {@code vectors} (row-major floats). {@link #flush} rewrites the file atomically; when two
 * processes share a file the last flush wins, which loses entries but never corrupts the file. A
 * corrupt or foreign file is reported and replaced by an empty cache.
 */
public final class EmbeddingCache {
  public static final String KIND = "flm-embedding-cache";

  private record Key(long hi, long lo) {}

  private final Path file;
  private final String encoderId;
  private final int dim;
  private final Map<Key, float[]> map = new HashMap<>();
  private boolean dirty;
  private String warning;

  private EmbeddingCache(Path file, String encoderId, int dim) {
    this.file = file;
    this.encoderId = encoderId;
    this.dim = dim;
  }

  /** The cache of {@code encoderId} in {@link CacheDirs#embeddings()}. */
  public static EmbeddingCache open(String encoderId, int dim) throws IOException {
    return open(CacheDirs.embeddings(), encoderId, dim);
  }

  /** The cache of {@code encoderId} in {@code dir}, loading what is on disk. */
  public static EmbeddingCache open(Path dir, String encoderId, int dim) throws IOException {
    Objects.requireNonNull(encoderId, "encoderId");
    Path file = dir.resolve(fileName(encoderId));
    EmbeddingCache c = new EmbeddingCache(file, encoderId, dim);
    if (Files.isRegularFile(file)) {
      try {
        ArrayFile a = ArrayFile.read(file, KIND);
        String storedId = a.strings("encoder")[0];
        int storedDim = a.ints("dim")[0];
        if (!storedId.equals(encoderId) || storedDim != dim) {
          c.warning =
              file + ": holds vectors of " + storedId + " (dim " + storedDim + "); starting afresh";
        } else {
          long[] keys = a.longs("keys");
          float[] vecs = a.floats("vectors");
          int n = keys.length / 2;
          for (int i = 0; i < n; i++) {
            float[] v = new float[dim];
            System.arraycopy(vecs, i * dim, v, 0, dim);
            c.map.put(new Key(keys[2 * i], keys[2 * i + 1]), v);
          }
        }
      } catch (IOException | RuntimeException e) {
        c.warning = file + ": unreadable embedding cache (" + e.getMessage() + "); starting afresh";
      }
    }
    return c;
  }

  static String fileName(String encoderId) {
    String safe = encoderId.replaceAll("[^A-Za-z0-9._@-]", "_");
    if (safe.length() > 100) {
      safe = safe.substring(0, 100);
    }
    return safe + "-" + Integer.toHexString(encoderId.hashCode()) + ".flmv";
  }

  /** Why the file on disk was not used, or null. */
  public String warning() {
    return warning;
  }

  public Path file() {
    return file;
  }

  public String encoderId() {
    return encoderId;
  }

  public synchronized int size() {
    return map.size();
  }

  /** The cached vector of the model input {@code text}, or null. */
  public synchronized float[] get(String text) {
    float[] v = map.get(key(text));
    return v == null ? null : v.clone();
  }

  public synchronized void put(String text, float[] vector) {
    if (vector.length != dim) {
      throw new IllegalArgumentException(
          "vector length must be " + dim + "; length=" + vector.length);
    }
    map.put(key(text), vector.clone());
    dirty = true;
  }

  /** Writes the cache if it changed. */
  public synchronized void flush() throws IOException {
    if (!dirty) {
      return;
    }
    long[] keys = new long[map.size() * 2];
    float[] vecs = new float[map.size() * dim];
    int i = 0;
    for (Map.Entry<Key, float[]> e : map.entrySet()) {
      keys[2 * i] = e.getKey().hi();
      keys[2 * i + 1] = e.getKey().lo();
      System.arraycopy(e.getValue(), 0, vecs, i * dim, dim);
      i++;
    }
    ArrayFile a =
        new ArrayFile(KIND)
            .put("encoder", new String[] {encoderId})
            .put("dim", new int[] {dim})
            .put("keys", keys)
            .put("vectors", vecs);
    Files.createDirectories(file.getParent());
    AtomicFiles.write(file, a::writeTo);
    dirty = false;
  }

  private static Key key(String text) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      ByteBuffer b = ByteBuffer.wrap(h);
      return new Key(b.getLong(), b.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
