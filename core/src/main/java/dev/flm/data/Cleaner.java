package dev.flm.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cleaning and preprocessing steps, each returning the new data set and a {@link Step} with counts
 * so nothing is removed silently. {@link #clean} runs the steps chosen in {@link Options} in a
 * fixed order: drop rows missing required fields, de-duplicate (keep latest), rating threshold to
 * implicit feedback, iterative k-core, text normalisation.
 */
public final class Cleaner {
  private Cleaner() {}

  /**
   * Which steps to run.
   *
   * @param dropMissing drop events with a missing (non-finite) rating, and with {@code
   *     requireItemText} events on items without text
   * @param requireItemText with dropMissing: also drop events on items whose default text is empty
   * @param dedupe keep one event per (user, item): the latest by timestamp, else the last in order
   * @param ratingThreshold when not null: keep events with rating &gt;= threshold as implicit
   *     feedback and drop the rest
   * @param minUser k-core: minimum events per user (0 or 1 = off)
   * @param minItem k-core: minimum events per item (0 or 1 = off)
   * @param normalizeText strip HTML, decode common entities and fold whitespace in text fields
   */
  public record Options(
      boolean dropMissing,
      boolean requireItemText,
      boolean dedupe,
      Float ratingThreshold,
      int minUser,
      int minItem,
      boolean normalizeText) {
    public Options {
      if (minUser < 0 || minItem < 0) {
        throw new IllegalArgumentException(
            "minUser and minItem must be >= 0; minUser=" + minUser + ", minItem=" + minItem);
      }
    }

    /** Nothing enabled. */
    public static Options none() {
      return new Options(false, false, false, null, 0, 0, false);
    }

    /** Drop missing, de-duplicate and normalise text; no threshold, no k-core. */
    public static Options standard() {
      return new Options(true, false, true, null, 0, 0, true);
    }
  }

  /**
   * One step's effect.
   *
   * @param name step name
   * @param before events before
   * @param after events after
   * @param detail further counts (users/items removed, values changed)
   */
  public record Step(String name, int before, int after, String detail) {
    public String format() {
      return String.format(
          Locale.ROOT,
          "%-16s %d -> %d events (%d removed)%s",
          name + ":",
          before,
          after,
          before - after,
          detail.isEmpty() ? "" : "; " + detail);
    }
  }

  /** The cleaned data set and one step per operation run. */
  public record Result(Dataset dataset, List<Step> steps) {
    public Result {
      Objects.requireNonNull(dataset, "dataset");
      steps = List.copyOf(steps);
    }

    public String format() {
      StringBuilder sb = new StringBuilder();
      for (Step s : steps) {
        sb.append(s.format()).append('\n');
      }
      return sb.toString();
    }
  }

  /** Runs the steps enabled in {@code o}. */
  public static Result clean(Dataset d, Options o) {
    List<Step> steps = new ArrayList<>();
    Result r;
    if (o.dropMissing()) {
      r = dropMissing(d, o.requireItemText());
      d = r.dataset();
      steps.addAll(r.steps());
    }
    if (o.dedupe()) {
      r = dedupeKeepLatest(d);
      d = r.dataset();
      steps.addAll(r.steps());
    }
    if (o.ratingThreshold() != null) {
      r = threshold(d, o.ratingThreshold());
      d = r.dataset();
      steps.addAll(r.steps());
    }
    if (o.minUser() > 1 || o.minItem() > 1) {
      r = kCore(d, o.minUser(), o.minItem());
      d = r.dataset();
      steps.addAll(r.steps());
    }
    if (o.normalizeText()) {
      r = normalizeText(d);
      d = r.dataset();
      steps.addAll(r.steps());
    }
    return new Result(d, steps);
  }

  /** Drops events with a non-finite rating and, if asked, events on items without text. */
  public static Result dropMissing(Dataset d, boolean requireItemText) {
    Interactions in = d.interactions();
    boolean[] noText = new boolean[in.numItems()];
    int itemsNoText = 0;
    if (requireItemText) {
      for (int i = 0; i < noText.length; i++) {
        noText[i] = d.items().defaultText(i).isBlank();
        if (noText[i]) {
          itemsNoText++;
        }
      }
    }
    int[] keep = new int[in.size()];
    int n = 0;
    int badRating = 0;
    int textless = 0;
    for (int k = 0; k < in.size(); k++) {
      if (in.hasRatings() && !Float.isFinite(in.ratings()[k])) {
        badRating++;
      } else if (noText[in.items()[k]]) {
        textless++;
      } else {
        keep[n++] = k;
      }
    }
    String detail = badRating + " without a rating";
    if (requireItemText) {
      detail += ", " + textless + " on " + itemsNoText + " items without text";
    }
    return single(d, in.select(Arrays.copyOf(keep, n)), "drop-missing", detail);
  }

  /**
   * One event per (user, item): the one with the latest timestamp (ties and data without
   * timestamps: the last in event order). Kept events stay in their original order.
   */
  public static Result dedupeKeepLatest(Dataset d) {
    Interactions in = d.interactions();
    int n = in.size();
    long[] ts = in.timestamps();
    int cap = Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1;
    long[] keys = new long[cap];
    int[] best = new int[cap]; // event index + 1; 0 = empty slot
    int mask = cap - 1;
    for (int k = 0; k < n; k++) {
      long key = ((long) in.users()[k] << 32) | (in.items()[k] & 0xFFFFFFFFL);
      int slot = (int) (mix(key) & mask);
      while (best[slot] != 0 && keys[slot] != key) {
        slot = (slot + 1) & mask;
      }
      if (best[slot] == 0) {
        keys[slot] = key;
        best[slot] = k + 1;
      } else if (ts == null || ts[k] >= ts[best[slot] - 1]) {
        best[slot] = k + 1;
      }
    }
    boolean[] keep = new boolean[n];
    for (int v : best) {
      if (v != 0) {
        keep[v - 1] = true;
      }
    }
    int[] rows = new int[n];
    int m = 0;
    for (int k = 0; k < n; k++) {
      if (keep[k]) {
        rows[m++] = k;
      }
    }
    return single(d, in.select(Arrays.copyOf(rows, m)), "dedupe", "kept the latest of each pair");
  }

  private static long mix(long x) {
    x *= 0x9E3779B97F4A7C15L;
    return x ^ (x >>> 29);
  }

  /** Keeps events rated at least {@code threshold} as implicit feedback; drops the rest. */
  public static Result threshold(Dataset d, float threshold) {
    Interactions in = d.interactions();
    if (!in.hasRatings()) {
      return new Result(
          d,
          List.of(
              new Step(
                  "threshold",
                  in.size(),
                  in.size(),
                  "no ratings: data already implicit, kept all")));
    }
    int[] rows = new int[in.size()];
    int m = 0;
    for (int k = 0; k < in.size(); k++) {
      if (in.ratings()[k] >= threshold) {
        rows[m++] = k;
      }
    }
    Interactions out = in.select(Arrays.copyOf(rows, m)).withoutRatings();
    return single(
        d, out, "threshold", "rating >= " + num(threshold) + " kept as implicit feedback");
  }

  /**
   * Iterative k-core: repeatedly removes users with fewer than {@code minUser} events and items
   * with fewer than {@code minItem} events until none is left. Removed users and items leave the
   * indices (and the item catalogue), so the result is compact; attributes follow.
   */
  public static Result kCore(Dataset d, int minUser, int minItem) {
    Interactions in = d.interactions();
    int n = in.size();
    boolean[] alive = new boolean[n];
    Arrays.fill(alive, true);
    int[] cu = in.countsPerUser();
    int[] ci = in.countsPerItem();
    int rounds = 0;
    boolean changed = true;
    while (changed) {
      changed = false;
      rounds++;
      for (int k = 0; k < n; k++) {
        if (alive[k] && (cu[in.users()[k]] < minUser || ci[in.items()[k]] < minItem)) {
          alive[k] = false;
          changed = true;
        }
      }
      Arrays.fill(cu, 0);
      Arrays.fill(ci, 0);
      for (int k = 0; k < n; k++) {
        if (alive[k]) {
          cu[in.users()[k]]++;
          ci[in.items()[k]]++;
        }
      }
    }
    int[] rows = new int[n];
    int m = 0;
    for (int k = 0; k < n; k++) {
      if (alive[k]) {
        rows[m++] = k;
      }
    }
    Dataset sub = d.withInteractions(in.select(Arrays.copyOf(rows, m)));
    Dataset compact = compact(sub);
    String detail =
        String.format(
            Locale.ROOT,
            "users %d -> %d, items %d -> %d, %d rounds (min %d per user, %d per item)",
            d.userIndex().size(),
            compact.userIndex().size(),
            d.itemIndex().size(),
            compact.itemIndex().size(),
            rounds,
            minUser,
            minItem);
    return new Result(compact, List.of(new Step("k-core", n, m, detail)));
  }

  /** Drops users and items without events from the indices, remapping attributes. */
  public static Dataset compact(Dataset d) {
    Interactions in = d.interactions();
    int[] cu = in.countsPerUser();
    int[] ci = in.countsPerItem();
    int[] umap = remap(cu);
    int[] imap = remap(ci);
    IdIndex uIdx = subIndex(in.userIndex(), umap);
    IdIndex iIdx = subIndex(in.itemIndex(), imap);
    int[] us = new int[in.size()];
    int[] is = new int[in.size()];
    for (int k = 0; k < in.size(); k++) {
      us[k] = umap[in.users()[k]];
      is[k] = imap[in.items()[k]];
    }
    Interactions out = new Interactions(uIdx, iIdx, us, is, in.ratings(), in.timestamps());
    return new Dataset(
        d.name(), out, subAttributes(d.items(), iIdx, imap), subAttributes(d.users(), uIdx, umap));
  }

  private static int[] remap(int[] counts) {
    int[] map = new int[counts.length];
    int next = 0;
    for (int i = 0; i < counts.length; i++) {
      map[i] = counts[i] > 0 ? next++ : -1;
    }
    return map;
  }

  private static IdIndex subIndex(IdIndex idx, int[] map) {
    int n = 0;
    for (int m : map) {
      if (m >= 0) {
        n++;
      }
    }
    String[] ids = new String[n];
    for (int i = 0; i < map.length; i++) {
      if (map[i] >= 0) {
        ids[map[i]] = idx.idOf(i);
      }
    }
    return IdIndex.of(ids);
  }

  private static Attributes subAttributes(Attributes a, IdIndex idx, int[] map) {
    Map<String, Attributes.Field> out = new LinkedHashMap<>();
    for (Attributes.Field f : a.fields().values()) {
      if (f instanceof Attributes.TextField t) {
        String[] v = new String[idx.size()];
        for (int i = 0; i < map.length; i++) {
          if (map[i] >= 0) {
            v[map[i]] = t.values()[i];
          }
        }
        out.put(f.name(), new Attributes.TextField(f.name(), v));
      } else if (f instanceof Attributes.CategoricalField c) {
        String[][] v = new String[idx.size()][];
        for (int i = 0; i < map.length; i++) {
          if (map[i] >= 0) {
            v[map[i]] = c.values()[i];
          }
        }
        out.put(f.name(), new Attributes.CategoricalField(f.name(), v));
      } else {
        float[] v = new float[idx.size()];
        float[] src = ((Attributes.NumericField) f).values();
        for (int i = 0; i < map.length; i++) {
          if (map[i] >= 0) {
            v[map[i]] = src[i];
          }
        }
        out.put(f.name(), new Attributes.NumericField(f.name(), v));
      }
    }
    return new Attributes(idx, out);
  }

  /** Normalises every item and user text field with {@link #normalize(String)}. */
  public static Result normalizeText(Dataset d) {
    int[] changed = new int[1];
    Attributes items = normalize(d.items(), changed);
    Attributes users = normalize(d.users(), changed);
    int n = d.interactions().size();
    Dataset out = new Dataset(d.name(), d.interactions(), items, users);
    return new Result(
        out, List.of(new Step("normalize-text", n, n, changed[0] + " text values changed")));
  }

  private static Attributes normalize(Attributes a, int[] changed) {
    Map<String, Attributes.Field> out = new LinkedHashMap<>();
    for (Attributes.Field f : a.fields().values()) {
      if (f instanceof Attributes.TextField t) {
        String[] v = t.values().clone();
        for (int i = 0; i < v.length; i++) {
          if (v[i] != null) {
            String s = normalize(v[i]);
            if (!s.equals(v[i])) {
              changed[0]++;
            }
            v[i] = s.isEmpty() ? null : s;
          }
        }
        out.put(f.name(), new Attributes.TextField(f.name(), v));
      } else {
        out.put(f.name(), f);
      }
    }
    return new Attributes(a.index(), out);
  }

  private static final Pattern DROP_BLOCKS =
      Pattern.compile("(?is)<(script|style)\\b[^>]*>.*?</\\1\\s*>|<!--.*?-->");
  private static final Pattern BREAKS = Pattern.compile("(?i)<\\s*(br|/p|/div|/li|p|li)\\b[^>]*>");
  private static final Pattern TAGS = Pattern.compile("<[a-zA-Z/!][^>]*>");
  private static final Pattern ENTITY =
      Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
  private static final Map<String, String> ENTITIES =
      Map.of(
          "amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", " ", "mdash",
          "\u2014", "ndash", "\u2013", "hellip", "\u2026", "rsquo", "\u2019");

  /**
   * Strips HTML (script/style blocks and comments removed, tags replaced by a space), decodes
   * numeric and common named entities, and folds runs of whitespace (Unicode included) into one
   * space, trimmed.
   */
  public static String normalize(String s) {
    String t = s;
    if (t.indexOf('<') >= 0) {
      t = DROP_BLOCKS.matcher(t).replaceAll(" ");
      t = BREAKS.matcher(t).replaceAll(" ");
      t = TAGS.matcher(t).replaceAll(" ");
    }
    if (t.indexOf('&') >= 0) {
      Matcher m = ENTITY.matcher(t);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String e = m.group(1);
        String rep;
        if (e.startsWith("#x") || e.startsWith("#X")) {
          rep = codePoint(Integer.parseInt(e.substring(2), 16), m.group());
        } else if (e.startsWith("#")) {
          rep = codePoint(Integer.parseInt(e.substring(1)), m.group());
        } else {
          rep = ENTITIES.getOrDefault(e.toLowerCase(Locale.ROOT), m.group());
        }
        m.appendReplacement(sb, Matcher.quoteReplacement(rep));
      }
      m.appendTail(sb);
      t = sb.toString();
    }
    StringBuilder out = new StringBuilder(t.length());
    boolean space = false;
    for (int i = 0; i < t.length(); ) {
      int cp = t.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0) {
        space = out.length() > 0;
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.appendCodePoint(cp);
      }
    }
    return out.toString();
  }

  private static String codePoint(int cp, String orig) {
    return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : orig;
  }

  private static Result single(Dataset d, Interactions out, String name, String detail) {
    return new Result(
        d.withInteractions(out),
        List.of(new Step(name, d.interactions().size(), out.size(), detail)));
  }

  private static String num(float v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Float.toString(v);
  }
}
