package dev.flm.train.bert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Groups sequences of similar length into batches of bounded padded size. */
final class TokenBatches {
  private TokenBatches() {}

  /** Indices of {@code ids} sorted by length and cut so that rows x longest <= budget. */
  static List<int[]> plan(long[][] ids, int tokenBudget) {
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> ids[i].length));
    return cut(order, i -> ids[i].length, tokenBudget);
  }

  /** Cuts {@code sorted} (ascending length) into batches within {@code tokenBudget}. */
  static List<int[]> cut(Integer[] sorted, java.util.function.IntUnaryOperator length, int budget) {
    List<int[]> out = new ArrayList<>();
    List<Integer> cur = new ArrayList<>();
    for (int i : sorted) {
      int len = Math.max(1, length.applyAsInt(i));
      if (!cur.isEmpty() && (long) (cur.size() + 1) * len > budget) {
        out.add(cur.stream().mapToInt(Integer::intValue).toArray());
        cur.clear();
      }
      cur.add(i);
    }
    if (!cur.isEmpty()) {
      out.add(cur.stream().mapToInt(Integer::intValue).toArray());
    }
    return out;
  }
}
