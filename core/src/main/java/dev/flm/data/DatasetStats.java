package dev.flm.data;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Summary statistics of a data set, for {@code flm data stats} and reports: sizes, density, the
 * distribution of interactions per user and per item, rating and time ranges, and how much item
 * text there is (coverage of the default "name: value" text and of each field, text length).
 *
 * @param users users in the index
 * @param activeUsers users with at least one interaction
 * @param items items in the catalogue
 * @param ratedItems items with at least one interaction
 * @param interactions events
 * @param distinctPairs distinct (user, item) pairs
 * @param density distinct (user, item) pairs / (users × catalogue items)
 * @param perUser interactions per active user
 * @param perItem interactions per item with at least one interaction
 * @param ratings rating distribution, or null for implicit feedback
 * @param firstTime earliest timestamp (seconds), or null without timestamps
 * @param lastTime latest timestamp, or null
 * @param itemsWithText catalogue items whose default text is not empty
 * @param textChars length in characters of the non-empty default item texts
 * @param textWords length in words (whitespace-separated) of the non-empty default item texts
 * @param fieldCoverage per item field, how many catalogue items have a value
 */
public record DatasetStats(
    String name,
    int users,
    int activeUsers,
    int items,
    int ratedItems,
    int interactions,
    long distinctPairs,
    double density,
    Distribution perUser,
    Distribution perItem,
    Distribution ratings,
    Long firstTime,
    Long lastTime,
    int itemsWithText,
    Distribution textChars,
    Distribution textWords,
    Map<String, Integer> fieldCoverage) {

  /** Min, median, 90th percentile, max and mean of a sample (all 0 for an empty sample). */
  public record Distribution(
      long count, double min, double median, double p90, double max, double mean) {

    /** Of the given values (sorted in place). */
    public static Distribution of(double[] values) {
      int n = values.length;
      if (n == 0) {
        return new Distribution(0, 0, 0, 0, 0, 0);
      }
      Arrays.sort(values);
      double sum = 0;
      for (double v : values) {
        sum += v;
      }
      return new Distribution(
          n, values[0], quantile(values, 0.5), quantile(values, 0.9), values[n - 1], sum / n);
    }

    /** Linear interpolation between closest ranks (the common "type 7" definition). */
    static double quantile(double[] sorted, double q) {
      double pos = q * (sorted.length - 1);
      int lo = (int) Math.floor(pos);
      int hi = Math.min(sorted.length - 1, lo + 1);
      return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    String format() {
      return String.format(
          Locale.ROOT,
          "min %s, median %s, p90 %s, max %s, mean %.2f",
          num(min),
          num(median),
          num(p90),
          num(max),
          mean);
    }
  }

  /** Computes the statistics of {@code d}. */
  public static DatasetStats of(Dataset d) {
    Interactions in = d.interactions();
    int[] cu = in.countsPerUser();
    int[] ci = in.countsPerItem();
    double[] pu = positive(cu);
    double[] pi = positive(ci);
    Distribution ratings = null;
    if (in.hasRatings()) {
      double[] r = new double[in.size()];
      for (int k = 0; k < r.length; k++) {
        r[k] = in.ratings()[k];
      }
      ratings = Distribution.of(r);
    }
    Long first = null;
    Long last = null;
    if (in.hasTimestamps() && in.size() > 0) {
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      for (long t : in.timestamps()) {
        lo = Math.min(lo, t);
        hi = Math.max(hi, t);
      }
      first = lo;
      last = hi;
    }
    long pairs = in.toMatrix().nnz();
    int nItems = in.numItems();
    double[] chars = new double[nItems];
    double[] words = new double[nItems];
    int withText = 0;
    for (int i = 0; i < nItems; i++) {
      String t = d.items().defaultText(i);
      if (!t.isEmpty()) {
        chars[withText] = t.length();
        words[withText] = t.trim().split("\\s+").length;
        withText++;
      }
    }
    Map<String, Integer> coverage = new LinkedHashMap<>();
    for (Attributes.Field f : d.items().fields().values()) {
      int c = 0;
      for (int i = 0; i < nItems; i++) {
        if (hasValue(f, i)) {
          c++;
        }
      }
      coverage.put(f.name(), c);
    }
    double density =
        in.numUsers() == 0 || nItems == 0 ? 0 : pairs / ((double) in.numUsers() * nItems);
    return new DatasetStats(
        d.name(),
        in.numUsers(),
        pu.length,
        nItems,
        pi.length,
        in.size(),
        pairs,
        density,
        Distribution.of(pu),
        Distribution.of(pi),
        ratings,
        first,
        last,
        withText,
        Distribution.of(Arrays.copyOf(chars, withText)),
        Distribution.of(Arrays.copyOf(words, withText)),
        coverage);
  }

  private static boolean hasValue(Attributes.Field f, int i) {
    if (f instanceof Attributes.TextField t) {
      return t.values()[i] != null && !t.values()[i].isBlank();
    }
    if (f instanceof Attributes.CategoricalField c) {
      return c.values()[i] != null && c.values()[i].length > 0;
    }
    return !Float.isNaN(((Attributes.NumericField) f).values()[i]);
  }

  private static double[] positive(int[] counts) {
    int n = 0;
    for (int c : counts) {
      if (c > 0) {
        n++;
      }
    }
    double[] out = new double[n];
    n = 0;
    for (int c : counts) {
      if (c > 0) {
        out[n++] = c;
      }
    }
    return out;
  }

  /** Printable multi-line summary. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    line(sb, "data set", name);
    line(
        sb,
        "users",
        users + (activeUsers != users ? " (" + activeUsers + " with interactions)" : ""));
    line(sb, "items", items + " in the catalogue, " + ratedItems + " with interactions");
    line(
        sb,
        "interactions",
        interactions
            + (distinctPairs != interactions ? " (" + distinctPairs + " distinct pairs)" : ""));
    line(sb, "density", String.format(Locale.ROOT, "%.4f%%", density * 100));
    line(sb, "per user", perUser.format());
    line(sb, "per item", perItem.format());
    line(sb, "ratings", ratings == null ? "none (implicit feedback)" : ratings.format());
    line(
        sb,
        "time",
        firstTime == null
            ? "none"
            : Instant.ofEpochSecond(firstTime) + " .. " + Instant.ofEpochSecond(lastTime));
    line(
        sb,
        "item text",
        String.format(
            Locale.ROOT,
            "%d of %d items (%.1f%%)",
            itemsWithText,
            items,
            items == 0 ? 0.0 : 100.0 * itemsWithText / items));
    if (itemsWithText > 0) {
      line(sb, "text chars", textChars.format());
      line(sb, "text words", textWords.format());
    }
    for (Map.Entry<String, Integer> e : fieldCoverage.entrySet()) {
      line(
          sb,
          "  " + e.getKey(),
          String.format(
              Locale.ROOT,
              "%d items (%.1f%%)",
              e.getValue(),
              items == 0 ? 0.0 : 100.0 * e.getValue() / items));
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String key, String value) {
    sb.append(String.format(Locale.ROOT, "%-14s %s%n", key + ":", value));
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
