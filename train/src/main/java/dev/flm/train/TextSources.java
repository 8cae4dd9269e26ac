package dev.flm.train;

/**
 * Resolves an encoder name to a {@link TextSource}: {@code hashing} or {@code hashing-N} for the
 * dependency-free {@link HashingTextSource}; other names are pretrained encoders of the text
 * module's catalogue, encoded once and cached.
 */
public final class TextSources {
  private TextSources() {}

  /** The source called {@code name}. */
  public static TextSource resolve(String name) {
    if (name.equals("hashing")) {
      return new HashingTextSource(256);
    }
    if (name.startsWith("hashing-")) {
      try {
        return new HashingTextSource(Integer.parseInt(name.substring("hashing-".length())));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("encoder must be hashing-N with N a number; " + name);
      }
    }
    throw new IllegalArgumentException(
        "encoder '"
            + name
            + "' is not available (the text module's encoders are not wired in yet)");
  }
}
