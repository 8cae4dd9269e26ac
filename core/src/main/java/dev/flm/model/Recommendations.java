package dev.flm.model;

/** A ranked list of dense item indices with their scores, best first. */
public record Recommendations(int[] items, float[] scores) {
  public Recommendations {
    if (items.length != scores.length) {
      throw new IllegalArgumentException(
          "items and scores must have equal length; " + items.length + " != " + scores.length);
    }
  }

  public int size() {
    return items.length;
  }
}
