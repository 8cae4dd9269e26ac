package dev.flm.data.io;

import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import dev.flm.data.Interactions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generic interaction tables in CSV, TSV or another delimiter, with a column mapping from {@link
 * ReadOptions}. Without a mapping, columns are found by common names (user/user_id/userId/...,
 * item/item_id/movieId/asin/..., rating/score/overall, timestamp/time/ts/date), RecBole-style type
 * suffixes ("user_id:token") ignored; with no header, columns 0..3 are user, item, rating and
 * timestamp when present.
 */
public final class DelimitedReader {
  private DelimitedReader() {}

  static final String[] USER_NAMES = {
    "user", "user_id", "userid", "uid", "reviewerid", "customer_id", "visitorid"
  };
  static final String[] ITEM_NAMES = {
    "item",
    "item_id",
    "itemid",
    "iid",
    "movieid",
    "movie_id",
    "parent_asin",
    "asin",
    "product_id",
    "news_id",
    "business_id"
  };
  static final String[] RATING_NAMES = {"rating", "score", "overall", "stars", "weight", "label"};
  static final String[] TIME_NAMES = {
    "timestamp", "time", "ts", "unixreviewtime", "datetime", "date", "event_time"
  };

  /** Reads {@code file} as a delimited interaction table. */
  public static LoadResult read(Path file, ReadOptions o) throws IOException, DataFormatException {
    BadRows bad = BadRows.of(o);
    Layout l = layout(file, o);
    FastTableLoader.Result fast = tryFast(file, o, l);
    if (fast != null) {
      bad.addFast(fast);
      Interactions in = fast.interactions();
      return new LoadResult(Dataset.of(baseName(file), in), bad.report("delimited"));
    }
    DatasetBuilder b = slow(file, o, l, null, bad);
    return new LoadResult(b.build(baseName(file)), bad.report("delimited"));
  }

  /** Column layout of a table, from its header (or first row) and the options. */
  private record Layout(
      String delim,
      String[] header,
      long headerLine,
      int width,
      int user,
      int item,
      int rating,
      int time,
      int[] text) {}

  /** Reads the header (or first row); rows rejected here are counted later by the real pass. */
  private static Layout layout(Path file, ReadOptions o) throws IOException, DataFormatException {
    BadRows bad = new BadRows(true, 0);
    String delim = o.delimiter() != null ? o.delimiter() : detectDelimiter(file);
    try (TableReader r = TableReader.open(file, delim, true)) {
      String[] header = null;
      String[] first = null;
      if (o.header()) {
        header = MovieLensReader.header(r);
      } else {
        first = MovieLensReader.next(r, bad);
        if (first == null) {
          throw new DataFormatException(file, 0, null, "empty file");
        }
      }
      long hl = r.line();
      int width = header != null ? header.length : first.length;
      int u = pick(header, o.userCol(), USER_NAMES, 0, width, file, hl, "user");
      int i = pick(header, o.itemCol(), ITEM_NAMES, 1, width, file, hl, "item");
      int rt = pickOptional(header, o.ratingCol(), RATING_NAMES, 2, width, file, hl, "rating");
      int t = pickOptional(header, o.timeCol(), TIME_NAMES, 3, width, file, hl, "timestamp");
      int[] text = new int[o.textCols().size()];
      for (int k = 0; k < text.length; k++) {
        text[k] = Fields.column(header, o.textCols().get(k), file, hl, "text");
      }
      if (header == null) {
        int maxCol = Math.max(Math.max(u, i), Math.max(rt, t));
        for (int c : text) {
          maxCol = Math.max(maxCol, c);
        }
        // A short first row must not shrink the expected width; the real pass reports it.
        width = Math.max(width, maxCol + 1);
      }
      return new Layout(delim, header, header != null ? hl : 0, width, u, i, rt, t, text);
    }
  }

  /** The parallel byte-level loader when the table allows it, else null. */
  private static FastTableLoader.Result tryFast(Path file, ReadOptions o, Layout l)
      throws IOException, DataFormatException {
    if (!l.delim().chars().allMatch(ch -> ch > ' ' && ch < 128 && ch != '"')
            && !l.delim().equals("\t")
        || l.text().length > 0
        || Fields.name(file).endsWith(".gz")) {
      return null;
    }
    long[] start = dataStart(file, l.header() != null);
    String[] names = new String[l.width()];
    for (int c = 0; c < names.length; c++) {
      names[c] =
          l.header() != null
              ? Fields.bareName(l.header()[c])
              : c == l.user()
                  ? "user"
                  : c == l.item() ? "item" : c == l.rating() ? "rating" : "timestamp";
    }
    FastTableLoader.Spec spec =
        new FastTableLoader.Spec(
            file,
            l.delim().getBytes(StandardCharsets.US_ASCII),
            start[0],
            start[1],
            l.width(),
            l.user(),
            l.item(),
            l.rating(),
            l.time(),
            names,
            o.effectiveThreads(),
            o.skipBadRows(),
            o.maxExamples());
    try {
      return FastTableLoader.load(spec);
    } catch (FastTableLoader.Unsupported e) {
      return null;
    }
  }

  /**
   * {byte offset, line number} of the first data line: after the BOM, and with a header after the
   * blank lines and the header line.
   */
  static long[] dataStart(Path file, boolean header) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(1 << 20);
      int p = 0;
      if (b.length >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF) {
        p = 3;
      }
      if (!header) {
        return new long[] {p, 1};
      }
      long line = 1;
      while (true) {
        int nl = p;
        boolean blank = true;
        while (nl < b.length && b[nl] != '\n') {
          if (b[nl] > ' ' || b[nl] < 0) {
            blank = false;
          }
          nl++;
        }
        if (nl >= b.length) {
          // header longer than 1 MiB or no data after it: no data lines for the fast path
          return new long[] {Files.size(file), line + 1};
        }
        if (!blank) {
          return new long[] {nl + 1, line + 1};
        }
        p = nl + 1;
        line++;
      }
    }
  }

  /**
   * Reads {@code file} into a builder; when {@code into} is null a new one is created with ratings
   * and timestamps as the columns allow.
   */
  static DatasetBuilder readInto(Path file, ReadOptions o, DatasetBuilder into, BadRows bad)
      throws IOException, DataFormatException {
    Layout l = layout(file, o);
    if (into != null && into.hasRatings() && l.rating() < 0) {
      throw new DataFormatException(file, l.headerLine(), "rating", "missing rating column");
    }
    if (into != null && into.hasTimestamps() && l.time() < 0) {
      throw new DataFormatException(file, l.headerLine(), "timestamp", "missing timestamp column");
    }
    FastTableLoader.Result fast = tryFast(file, o, l);
    if (fast != null) {
      bad.addFast(fast);
      DatasetBuilder b = into != null ? into : new DatasetBuilder(l.rating() >= 0, l.time() >= 0);
      b.addAllOwned(fast.interactions());
      return b;
    }
    return slow(file, o, l, into, bad);
  }

  private static DatasetBuilder slow(
      Path file, ReadOptions o, Layout l, DatasetBuilder into, BadRows bad)
      throws IOException, DataFormatException {
    try (TableReader r = TableReader.open(file, l.delim(), true)) {
      String[] header = l.header();
      if (header != null) {
        MovieLensReader.header(r);
      }
      int u = l.user();
      int i = l.item();
      int rt = l.rating();
      int t = l.time();
      int[] text = l.text();
      int width = l.width();
      DatasetBuilder b = into != null ? into : new DatasetBuilder(rt >= 0, t >= 0);
      Texts texts = new Texts();
      String[] row;
      while ((row = MovieLensReader.next(r, bad)) != null) {
        rowInto(row, width, u, i, rt, t, text, header, file, r.line(), b, bad, texts);
      }
      for (int k = 0; k < text.length; k++) {
        String name = header != null ? Fields.bareName(header[text[k]]) : "text" + text[k];
        for (Map.Entry<Integer, Set<String>> e : texts.get(k).entrySet()) {
          b.itemText(name, e.getKey(), String.join(" | ", e.getValue()));
        }
      }
      return b;
    }
  }

  /** Distinct text values per item and text column, in first-seen order. */
  private static final class Texts {
    final List<Map<Integer, Set<String>>> perCol = new ArrayList<>();

    Map<Integer, Set<String>> get(int k) {
      while (perCol.size() <= k) {
        perCol.add(new LinkedHashMap<>());
      }
      return perCol.get(k);
    }
  }

  private static void rowInto(
      String[] row,
      int width,
      int u,
      int i,
      int rt,
      int t,
      int[] text,
      String[] header,
      Path file,
      long line,
      DatasetBuilder b,
      BadRows bad,
      Texts texts)
      throws DataFormatException {
    try {
      Fields.checkCount(row, width, file, line);
      String uid = Fields.id(row[u], file, line, name(header, u, "user"));
      String iid = Fields.id(row[i], file, line, name(header, i, "item"));
      float v = rt < 0 ? 1f : Fields.rating(row[rt], file, line, name(header, rt, "rating"));
      long ts = t < 0 ? 0L : Fields.time(row[t], file, line, name(header, t, "timestamp"));
      int ui = b.user(uid);
      int ii = b.item(iid);
      b.add(ui, ii, v, ts);
      for (int k = 0; k < text.length; k++) {
        String s = row[text[k]].trim();
        if (!s.isEmpty()) {
          texts.get(k).computeIfAbsent(ii, x -> new LinkedHashSet<>()).add(s);
        }
      }
      bad.accepted();
    } catch (DataFormatException e) {
      bad.reject(e);
    }
  }

  private static String name(String[] header, int col, String role) {
    return header == null ? role : Fields.bareName(header[col]);
  }

  private static int pick(
      String[] header,
      String spec,
      String[] names,
      int position,
      int width,
      Path file,
      long line,
      String role)
      throws DataFormatException {
    if (spec != null && !spec.isEmpty()) {
      return Fields.column(header, spec, file, line, role);
    }
    if (header == null) {
      if (position < width) {
        return position;
      }
      throw new DataFormatException(file, line, role, "missing " + role + " column");
    }
    int c = Fields.find(header, names);
    if (c < 0) {
      throw new DataFormatException(
          file,
          line,
          role,
          "missing "
              + role
              + " column (header has "
              + String.join(", ", header)
              + "; name it with the column mapping)");
    }
    return c;
  }

  private static int pickOptional(
      String[] header,
      String spec,
      String[] names,
      int position,
      int width,
      Path file,
      long line,
      String role)
      throws DataFormatException {
    if (spec != null && spec.isEmpty()) {
      return -1;
    }
    if (spec != null) {
      return Fields.column(header, spec, file, line, role);
    }
    if (header == null) {
      return position < width ? position : -1;
    }
    return Fields.find(header, names);
  }

  /**
   * Delimiter of a table: by extension (.tsv, .csv), else the most frequent of "::", tab, ',', ';'
   * and '|' on the first line.
   */
  public static String detectDelimiter(Path file) throws IOException {
    String n = Fields.name(file);
    if (n.endsWith(".tsv") || n.endsWith(".tab")) {
      return "\t";
    }
    if (n.endsWith(".csv")) {
      return ",";
    }
    String line = firstLine(file);
    if (line == null) {
      return ",";
    }
    if (line.contains("::")) {
      return "::";
    }
    String best = ",";
    int bestCount = 0;
    for (String d : new String[] {"\t", ",", ";", "|"}) {
      int c = 0;
      for (int k = line.indexOf(d); k >= 0; k = line.indexOf(d, k + 1)) {
        c++;
      }
      if (c > bestCount) {
        best = d;
        bestCount = c;
      }
    }
    return best;
  }

  /** First line of a file (lenient decoding), or null when empty. */
  static String firstLine(Path file) throws IOException {
    try (BufferedReader br =
        new BufferedReader(
            new InputStreamReader(
                Files.newInputStream(file),
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
      String s = br.readLine();
      if (s != null && s.startsWith("\uFEFF")) {
        s = s.substring(1);
      }
      return s;
    }
  }

  static String baseName(Path file) {
    String n = file.getFileName() == null ? "data" : file.getFileName().toString();
    int dot = n.indexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  /** Convenience for tests and tools: read with defaults. */
  public static Dataset read(Path file) throws IOException, DataFormatException {
    return read(file, ReadOptions.defaults()).dataset();
  }
}
