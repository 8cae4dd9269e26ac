package dev.flm.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Process-wide encoders by catalogue name or folder path, opened on first use with the on-disk
 * embedding cache and closed when the JVM exits. Models that need to encode text at recommendation
 * time (a new user's description, a new item's text) get their encoder here, so one process loads
 * each model once. Thread-safe.
 */
public final class SharedEncoders {
  private static final Map<String, TextEncoder> OPEN = new HashMap<>();
  private static boolean hooked;

  private SharedEncoders() {}

  /** The shared caching encoder for {@code nameOrFolder}, opening it if needed. */
  public static synchronized TextEncoder get(String nameOrFolder) {
    TextEncoder e = OPEN.get(nameOrFolder);
    if (e == null) {
      try {
        e = CachingEncoder.wrap(ModelCatalogue.open(nameOrFolder));
      } catch (IOException ex) {
        throw new UncheckedIOException(ex.getMessage(), ex);
      }
      OPEN.put(nameOrFolder, e);
      if (!hooked) {
        hooked = true;
        Runtime.getRuntime()
            .addShutdownHook(new Thread(SharedEncoders::closeAll, "flm-encoders-close"));
      }
    }
    return e;
  }

  /** Closes every shared encoder; later {@link #get} calls open them again. */
  public static synchronized void closeAll() {
    for (TextEncoder e : OPEN.values()) {
      e.close();
    }
    OPEN.clear();
  }
}
