package dev.flm.metric;

import java.util.BitSet;

/** Beyond-accuracy metrics of recommendation lists: catalogue coverage and popularity bias. */
public final class ListMetrics {
  private ListMetrics() {}

  /**
   * Share of the {@code catalogueSize} candidate items that appear in at least one list ({@code
   * recommended} holds the distinct items recommended to anyone).
   */
  public static double coverage(BitSet recommended, int catalogueSize) {
    return catalogueSize == 0 ? Double.NaN : (double) recommended.cardinality() / catalogueSize;
  }

  /**
   * Mean popularity (e.g. training interaction count) of the items in one list; NaN for an empty
   * list.
   */
  public static double averagePopularity(int[] list, int[] popularity) {
    if (list.length == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (int i : list) {
      s += popularity[i];
    }
    return s / list.length;
  }
}
