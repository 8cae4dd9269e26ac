package dev.flm.text;

import java.nio.file.Path;

/**
 * Where FLM keeps extracted model files and embedding caches: the system property {@code
 * flm.cache.dir}, else the environment variable {@code FLM_CACHE_DIR}, else {@code ~/.cache/flm}.
 */
public final class CacheDirs {
  private CacheDirs() {}

  public static Path root() {
    String p = System.getProperty("flm.cache.dir");
    if (p == null || p.isBlank()) {
      p = System.getenv("FLM_CACHE_DIR");
    }
    if (p == null || p.isBlank()) {
      return Path.of(System.getProperty("user.home"), ".cache", "flm");
    }
    return Path.of(p);
  }

  /** Extracted catalogue models. */
  public static Path models() {
    return root().resolve("models");
  }

  /** Embedding caches, one file per encoder id. */
  public static Path embeddings() {
    return root().resolve("embeddings");
  }
}
