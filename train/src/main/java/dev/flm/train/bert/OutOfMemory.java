package dev.flm.train.bert;

/**
 * Turns the engine's allocation failures into a message a user can act on: the batch that did not
 * fit and what to change.
 */
public final class OutOfMemory extends RuntimeException {
  private static final long serialVersionUID = 1L;

  OutOfMemory(String message, Throwable cause) {
    super(message, cause);
  }

  /** Wraps {@code e} when it is an out-of-memory failure; otherwise returns it unchanged. */
  static RuntimeException wrap(Throwable e, int items, int tokenBudget) {
    if (!isOutOfMemory(e)) {
      if (e instanceof RuntimeException r) {
        return r;
      }
      throw (Error) e;
    }
    return new OutOfMemory(
        "out of memory while fine-tuning the encoder on a batch of "
            + items
            + " distinct items (token budget "
            + tokenBudget
            + " per encoder batch). Lower batch-size (e.g. -p batch-size=256), lower"
            + " encoder-tokens, train fewer layers (--fine-tune top-1) or give the JVM/GPU more"
            + " memory. Cause: "
            + e.getMessage(),
        e);
  }

  static boolean isOutOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
      String m = t.getMessage();
      if (m != null
          && (m.contains("out of memory")
              || m.contains("can't allocate memory")
              || m.contains("CUDA out of memory")
              || m.contains("DefaultCPUAllocator"))) {
        return true;
      }
    }
    return false;
  }
}
