package dev.flm.train.bert;

/**
 * Turns the engine's and the JVM's allocation failures into a message a user can act on: where it
 * happened, the batch that did not fit and what to change, instead of an {@link OutOfMemoryError}
 * ending the JVM.
 */
public final class OutOfMemory extends RuntimeException {
  private static final long serialVersionUID = 1L;

  OutOfMemory(String message, Throwable cause) {
    super(message, cause);
  }

  /** Wraps {@code e} when it is an out-of-memory failure; otherwise returns it unchanged. */
  static RuntimeException wrap(Throwable e, int items, int tokenBudget) {
    if (!isOutOfMemory(e)) {
      return unchanged(e);
    }
    return new OutOfMemory(
        "out of memory while fine-tuning the encoder on "
            + items
            + " distinct items (token budget "
            + tokenBudget
            + " per encoder batch). Cause: "
            + e.getMessage(),
        e);
  }

  /**
   * Wraps {@code e}, thrown by training step {@code step} of {@code epoch}, when it is an
   * out-of-memory failure (also one already wrapped by the encoder): the message names the batch
   * size and suggests what to lower. Other failures are returned (or, for errors, thrown)
   * unchanged.
   */
  public static RuntimeException inTraining(
      Throwable e, int epoch, int step, int batchSize, int negatives) {
    if (!isOutOfMemory(e)) {
      return unchanged(e);
    }
    String detail = e instanceof OutOfMemory ? e.getMessage() : "cause: " + e;
    return new OutOfMemory(
        "out of memory in training step "
            + (step + 1)
            + " of epoch "
            + epoch
            + " with batch-size "
            + batchSize
            + " and "
            + negatives
            + " negatives; "
            + detail
            + ". Lower the batch size (e.g. -p batch-size="
            + Math.max(1, batchSize / 2)
            + ", with -p accumulate=2 to keep the effective batch), use fewer negatives or a"
            + " smaller encoder-tokens, fine-tune fewer layers (--fine-tune top-1), or give the"
            + " JVM more heap (-Xmx) and the machine more memory.",
        e);
  }

  /** An out-of-memory failure while building the cache of frozen hidden states. */
  static RuntimeException inCache(Throwable e, int items, int tokenBudget) {
    if (!isOutOfMemory(e)) {
      return unchanged(e);
    }
    return new OutOfMemory(
        "out of memory while caching the frozen layers' hidden states of "
            + items
            + " items (encoder batches of "
            + tokenBudget
            + " tokens; the cache holds about 4 x hidden size bytes per token on the Java heap)."
            + " Give the JVM more heap (-Xmx), lower max-tokens or encoder-tokens. Cause: "
            + e,
        e);
  }

  static boolean isOutOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError || t instanceof OutOfMemory) {
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

  private static RuntimeException unchanged(Throwable e) {
    if (e instanceof RuntimeException r) {
      return r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    return new IllegalStateException(e);
  }
}
