package dev.flm.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds shared test data that is never copied into the repository: {@code
 * shared/data/ml-latest-small} beside the clone (or above the working directory), or the folder
 * named by the system property {@code flm.data.dir} / environment variable {@code FLM_DATA_DIR}.
 */
public final class TestData {
  private TestData() {}

  /** The MovieLens latest-small folder, if present. */
  public static Optional<Path> mlLatestSmall() {
    String explicit = System.getProperty("flm.data.dir", System.getenv("FLM_DATA_DIR"));
    if (explicit != null) {
      Path p = Path.of(explicit, "ml-latest-small");
      if (Files.isRegularFile(p.resolve("ratings.csv"))) {
        return Optional.of(p);
      }
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path p = d.resolve("shared/data/ml-latest-small");
      if (Files.isRegularFile(p.resolve("ratings.csv"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The MovieLens latest-small folder; skips the calling test with a clear message if absent. */
  public static Path requireMlLatestSmall() {
    Optional<Path> p = mlLatestSmall();
    Assumptions.assumeTrue(
        p.isPresent(),
        "skipped: MovieLens latest-small not found (looked for shared/data/ml-latest-small above "
            + Path.of("").toAbsolutePath()
            + "; set -Dflm.data.dir=DIR to point at its parent)");
    return p.get();
  }
}
