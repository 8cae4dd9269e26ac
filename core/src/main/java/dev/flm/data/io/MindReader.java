package dev.flm.data.io;

import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import dev.flm.data.Impressions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MIND news recommendation data: {@code news.tsv} (news id, category, subcategory, title, abstract,
 * url, title entities, abstract entities) and {@code behaviors.tsv} (impression id, user id, time,
 * click history, impressions "N1-1 N2-0 ..."). Interactions are implicit: each user's history
 * clicks once (timestamped one second before the user's first impression, since MIND gives no time
 * for them) and every clicked impression item at the impression time. The impression lists,
 * negatives included, come back as {@link Impressions} for restricted-candidate evaluation. Items:
 * {@code title}, {@code abstract} (text), {@code category}, {@code subcategory} (categorical).
 */
public final class MindReader {
  private MindReader() {}

  /** True when {@code dir} holds behaviors.tsv (and usually news.tsv). */
  public static boolean looksLike(Path dir) {
    return Files.isRegularFile(dir.resolve("behaviors.tsv"));
  }

  public static LoadResult read(Path dir, ReadOptions o) throws IOException, DataFormatException {
    BadRows bad = BadRows.of(o);
    DatasetBuilder b = new DatasetBuilder(false, true);
    Path news = dir.resolve("news.tsv");
    if (Files.isRegularFile(news)) {
      readNews(news, b, bad);
    } else {
      bad.note("no news.tsv: items have no text");
    }
    Path behaviors = dir.resolve("behaviors.tsv");
    List<String> ids = new ArrayList<>();
    int[] users = new int[1024];
    long[] times = new long[1024];
    int[] offsets = new int[1025];
    int[] items = new int[4096];
    boolean[] clicked = new boolean[4096];
    int n = 0;
    int m = 0;
    List<int[]> histories = new ArrayList<>();
    List<Long> firstSeen = new ArrayList<>();
    try (TableReader r = TableReader.open(behaviors, "\t", false)) {
      String[] row;
      while ((row = MovieLensReader.next(r, bad)) != null) {
        long line = r.line();
        try {
          Fields.checkCount(row, 5, behaviors, line);
          String impId = Fields.id(row[0], behaviors, line, "impression_id");
          String uid = Fields.id(row[1], behaviors, line, "user_id");
          long t = Fields.time(row[2], behaviors, line, "time");
          String[] hist = tokens(row[3]);
          String[] imps = tokens(row[4]);
          int[] impItems = new int[imps.length];
          boolean[] impClicked = new boolean[imps.length];
          for (int k = 0; k < imps.length; k++) {
            String s = imps[k];
            int dash = s.lastIndexOf('-');
            if (dash <= 0 || dash == s.length() - 1) {
              throw new DataFormatException(
                  behaviors, line, "impressions", "expected NEWSID-LABEL, found '" + s + "'");
            }
            String label = s.substring(dash + 1);
            if (!label.equals("0") && !label.equals("1")) {
              throw new DataFormatException(
                  behaviors, line, "impressions", "label must be 0 or 1 in '" + s + "'");
            }
            impItems[k] = b.item(s.substring(0, dash));
            impClicked[k] = label.equals("1");
          }
          int u = b.user(uid);
          while (histories.size() <= u) {
            histories.add(null);
            firstSeen.add(Long.MAX_VALUE);
          }
          if (histories.get(u) == null && hist.length > 0) {
            int[] h = new int[hist.length];
            for (int k = 0; k < hist.length; k++) {
              h[k] = b.item(hist[k]);
            }
            histories.set(u, h);
          }
          firstSeen.set(u, Math.min(firstSeen.get(u), t));
          for (int k = 0; k < imps.length; k++) {
            if (impClicked[k]) {
              b.add(u, impItems[k], 1f, t);
            }
          }
          if (n == users.length) {
            users = Arrays.copyOf(users, n * 2);
            times = Arrays.copyOf(times, n * 2);
            offsets = Arrays.copyOf(offsets, n * 2 + 1);
          }
          if (m + imps.length > items.length) {
            int cap = Math.max(m + imps.length, items.length * 2);
            items = Arrays.copyOf(items, cap);
            clicked = Arrays.copyOf(clicked, cap);
          }
          ids.add(impId);
          users[n] = u;
          times[n] = t;
          System.arraycopy(impItems, 0, items, m, imps.length);
          System.arraycopy(impClicked, 0, clicked, m, imps.length);
          m += imps.length;
          offsets[++n] = m;
          bad.accepted();
        } catch (DataFormatException e) {
          bad.reject(e);
        }
      }
    }
    for (int u = 0; u < histories.size(); u++) {
      int[] h = histories.get(u);
      if (h != null) {
        for (int item : h) {
          b.add(u, item, 1f, firstSeen.get(u) - 1);
        }
      }
    }
    Dataset d = b.build(dir.getFileName() == null ? "mind" : dir.getFileName().toString());
    int[] up = b.userPermutation();
    int[] ip = b.itemPermutation();
    int[] du = new int[n];
    for (int k = 0; k < n; k++) {
      du[k] = up[users[k]];
    }
    int[] di = new int[m];
    for (int k = 0; k < m; k++) {
      di[k] = ip[items[k]];
    }
    Impressions imp =
        new Impressions(
            d.userIndex(),
            d.itemIndex(),
            ids.toArray(new String[0]),
            du,
            Arrays.copyOf(times, n),
            Arrays.copyOf(offsets, n + 1),
            di,
            Arrays.copyOf(clicked, m));
    return new LoadResult(d, bad.report("mind"), imp);
  }

  /** Reads news.tsv into the builder's item catalogue and attributes. */
  static void readNews(Path news, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    try (TableReader r = TableReader.open(news, "\t", false)) {
      String[] row;
      while ((row = MovieLensReader.next(r, bad)) != null) {
        try {
          Fields.checkAtLeast(row, 5, news, r.line());
          int item = b.item(Fields.id(row[0], news, r.line(), "news_id"));
          category(b, "category", item, row[1]);
          category(b, "subcategory", item, row[2]);
          text(b, "title", item, row[3]);
          text(b, "abstract", item, row[4]);
        } catch (DataFormatException e) {
          bad.reject(e);
        }
      }
    }
  }

  private static void category(DatasetBuilder b, String field, int item, String v) {
    String s = v.trim();
    b.itemCategories(field, item, s.isEmpty() ? new String[0] : new String[] {s});
  }

  private static void text(DatasetBuilder b, String field, int item, String v) {
    String s = v.trim();
    b.itemText(field, item, s.isEmpty() ? null : s);
  }

  private static String[] tokens(String s) {
    String t = s.trim();
    return t.isEmpty() ? new String[0] : t.split(" +");
  }
}
