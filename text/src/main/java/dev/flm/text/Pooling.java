package dev.flm.text;

import java.util.Locale;

/** How token vectors become one text vector. */
public enum Pooling {
  /** Average of the real (unpadded) tokens' vectors, as sentence-transformers' mean pooling. */
  MEAN,
  /** The vector of the first ([CLS]) token, as BGE. */
  CLS;

  /** Parses {@code mean} or {@code cls}, case-insensitive. */
  public static Pooling parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pooling must be mean or cls; pooling=" + s, e);
    }
  }
}
