package dev.flm.split;

import dev.flm.data.Dataset;
import dev.flm.data.Interactions;
import dev.flm.util.NumpyRandom;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;

/** See {@link SplitProtocol#coldItem}. */
record ColdItem(double share, long seed) implements SplitProtocol {

  ColdItem {
    SplitProtocol.checkShare("share", share);
  }

  @Override
  public String describe() {
    return "cold-item(share="
        + share
        + ", seed="
        + seed
        + "; numpy RandomState(seed).choice over rated item ids sorted ascending)";
  }

  @Override
  public Split split(Dataset data) {
    Interactions in = data.interactions();
    int[] counts = in.countsPerItem();
    int[] rank = Splits.idRank(in.itemIndex());
    Integer[] rated =
        java.util.stream.IntStream.range(0, counts.length)
            .filter(i -> counts[i] > 0)
            .boxed()
            .toArray(Integer[]::new);
    Arrays.sort(rated, Comparator.comparingInt(i -> rank[i]));
    int n = rated.length;
    int k = (int) SplitProtocol.round(share * n);
    int[] chosen = new NumpyRandom(seed).choiceWithoutReplacement(n, k);
    BitSet held = new BitSet(in.numItems());
    for (int c : chosen) {
      held.set(rated[c]);
    }
    boolean[] inTest = new boolean[in.size()];
    int[] items = in.items();
    for (int i = 0; i < inTest.length; i++) {
      inTest[i] = held.get(items[i]);
    }
    return Splits.fromMask(
        data, inTest, describe(), CandidateRule.items(held, "the held-out cold items"));
  }
}
