package dev.flm.data.io;

import dev.flm.data.DataFormatException;
import dev.flm.data.IdIndex;
import dev.flm.data.Interactions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fast path for large interaction tables with a single-byte delimiter: the file is cut into
 * chunks at line boundaries and parsed in parallel straight from bytes (no String per field, no
 * regex), ids mapped through byte-keyed hash maps, events kept in primitive arrays; chunk results
 * are merged into one id-sorted {@link Interactions}. Rows and messages match the line-by-line
 * reader: same checks (field count, empty id, number, timestamp, UTF-8), same error text. Lines
 * with quotes are split with the quote-aware parser; a quoted field spanning lines is {@link
 * Unsupported} and the caller falls back to the line-by-line reader.
 */
final class FastTableLoader {
  private FastTableLoader() {}

  /** This file needs the line-by-line reader (e.g. a quoted newline). */
  static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported(String why) {
      super(why);
    }
  }

  /**
   * What to read.
   *
   * @param dataStart byte offset of the first data line
   * @param firstLine line number of the line at dataStart
   * @param fields exact number of fields per row
   * @param names field names for messages, indexed by column
   */
  record Spec(
      Path file,
      byte[] delimiter,
      long dataStart,
      long firstLine,
      int fields,
      int user,
      int item,
      int rating,
      int time,
      String[] names,
      int threads,
      boolean skip,
      int maxExamples) {}

  /** Loaded events, plus the rows rejected when skipping (the first few as exceptions). */
  record Result(Interactions interactions, long skipped, List<DataFormatException> examples) {}

  private static final int BLOCK = 1 << 22;

  static Result load(Spec s) throws IOException, DataFormatException, Unsupported {
    Chunk[] chunks;
    try (FileChannel ch = FileChannel.open(s.file(), StandardOpenOption.READ)) {
      long size = ch.size();
      long span = Math.max(0, size - s.dataStart());
      int nChunks = span < (1 << 20) ? 1 : Math.max(1, s.threads()) * 4;
      long[] bounds = new long[nChunks + 1];
      bounds[0] = Math.min(size, s.dataStart());
      bounds[nChunks] = size;
      for (int c = 1; c < nChunks; c++) {
        long guess = Math.max(bounds[c - 1], s.dataStart() + span * c / nChunks);
        bounds[c] = nextLineStart(ch, guess, size);
      }
      double lineBytes = averageLineLength(ch, bounds[0], size);
      chunks = new Chunk[nChunks];
      for (int c = 0; c < nChunks; c++) {
        chunks[c] = new Chunk(s, bounds[c], bounds[c + 1], lineBytes);
      }
      runAll(s.threads(), chunks, c -> c.parse(ch));
    }
    long lineBase = s.firstLine();
    long skipped = 0;
    List<DataFormatException> examples = new ArrayList<>();
    for (Chunk c : chunks) {
      for (Object[] e : c.errors) {
        DataFormatException x =
            new DataFormatException(
                s.file(), lineBase + (long) e[0] - 1, (String) e[1], (String) e[2]);
        if (!s.skip()) {
          throw x;
        }
        if (examples.size() < s.maxExamples()) {
          examples.add(x);
        }
      }
      skipped += c.skipped;
      lineBase += c.lines;
    }
    BytesIntMap[] um = new BytesIntMap[chunks.length];
    BytesIntMap[] im = new BytesIntMap[chunks.length];
    long total = 0;
    for (int c = 0; c < chunks.length; c++) {
      um[c] = chunks[c].users;
      im[c] = chunks[c].items;
      chunks[c].offset = (int) total;
      total += chunks[c].n;
    }
    if (total > Integer.MAX_VALUE - 16) {
      throw new DataFormatException(s.file(), 0, null, "more than 2^31 interactions");
    }
    int[][] ut = new int[chunks.length][];
    int[][] it = new int[chunks.length][];
    IdIndex uIdx = merge(um, ut);
    IdIndex iIdx = merge(im, it);
    int n = (int) total;
    for (int c = 0; c < chunks.length; c++) {
      chunks[c].index = c;
    }
    // One column at a time, freeing each chunk's column as it is copied, so the chunk arrays and
    // the final arrays never coexist in full.
    int[] users = new int[n];
    runAll(
        s.threads(),
        chunks,
        c -> {
          int[] tu = ut[c.index];
          for (int k = 0; k < c.n; k++) {
            users[c.offset + k] = tu[c.us[k]];
          }
          c.us = null;
        });
    int[] items = new int[n];
    runAll(
        s.threads(),
        chunks,
        c -> {
          int[] ti = it[c.index];
          for (int k = 0; k < c.n; k++) {
            items[c.offset + k] = ti[c.is[k]];
          }
          c.is = null;
        });
    float[] ratings = null;
    if (s.rating() >= 0) {
      ratings = new float[n];
      for (Chunk c : chunks) {
        System.arraycopy(c.rs, 0, ratings, c.offset, c.n);
        c.rs = null;
      }
    }
    long[] times = null;
    if (s.time() >= 0) {
      times = new long[n];
      for (Chunk c : chunks) {
        System.arraycopy(c.ts, 0, times, c.offset, c.n);
        c.ts = null;
      }
    }
    return new Result(
        new Interactions(uIdx, iIdx, users, items, ratings, times), skipped, examples);
  }

  interface ChunkTask {
    void run(Chunk c) throws Exception;
  }

  static void runAll(int threads, Chunk[] chunks, ChunkTask task)
      throws IOException, DataFormatException, Unsupported {
    int n = Math.max(1, Math.min(threads, chunks.length));
    AtomicInteger id = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            n,
            r -> {
              Thread t = new Thread(r, "flm-load-" + id.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (Chunk c : chunks) {
        fs.add(
            pool.submit(
                () -> {
                  task.run(c);
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          if (cause instanceof DataFormatException df) {
            throw df;
          }
          if (cause instanceof Unsupported u) {
            throw u;
          }
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while loading", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Mean bytes per line over the first 64 KiB of data (at least 4), to size arrays. */
  private static double averageLineLength(FileChannel ch, long from, long size) throws IOException {
    ByteBuffer bb = ByteBuffer.allocate(1 << 16);
    int r = ch.read(bb, from);
    int lines = 0;
    for (int k = 0; k < r; k++) {
      if (bb.get(k) == '\n') {
        lines++;
      }
    }
    return lines == 0 ? Math.max(4, size - from) : Math.max(4.0, (double) r / lines);
  }

  /** Offset just after the first '\n' at or after {@code pos} (or {@code size}). */
  private static long nextLineStart(FileChannel ch, long pos, long size) throws IOException {
    ByteBuffer bb = ByteBuffer.allocate(1 << 16);
    long p = pos;
    while (p < size) {
      bb.clear();
      int r = ch.read(bb, p);
      if (r <= 0) {
        break;
      }
      for (int k = 0; k < r; k++) {
        if (bb.get(k) == '\n') {
          return p + k + 1;
        }
      }
      p += r;
    }
    return size;
  }

  /** One contiguous range of whole lines and what parsing it produced. */
  static final class Chunk {
    final Spec s;
    final long start;
    final long end;
    final BytesIntMap users = new BytesIntMap();
    final BytesIntMap items = new BytesIntMap();
    int[] us;
    int[] is;
    float[] rs;
    long[] ts;
    int n;
    int offset;
    int index;
    long lines;
    long skipped;
    final List<Object[]> errors = new ArrayList<>(); // {relative line, field, problem}
    private final int[] fs;
    private final int[] fe;

    Chunk(Spec s, long start, long end, double lineBytes) {
      this.s = s;
      this.start = start;
      this.end = end;
      int cap =
          (int) Math.min(Integer.MAX_VALUE - 16, 16 + (long) ((end - start) / lineBytes * 1.05));
      us = new int[cap];
      is = new int[cap];
      rs = s.rating() >= 0 ? new float[cap] : null;
      ts = s.time() >= 0 ? new long[cap] : null;
      fs = new int[s.fields() + 1];
      fe = new int[s.fields() + 1];
    }

    void parse(FileChannel ch) throws IOException, Unsupported {
      byte[] buf = new byte[(int) Math.min(BLOCK, Math.max(1, end - start))];
      int len = 0;
      long pos = start;
      while (true) {
        int want = (int) Math.min(buf.length - len, end - pos);
        if (want > 0) {
          int r = ch.read(ByteBuffer.wrap(buf, len, want), pos);
          if (r < 0) {
            throw new IOException(s.file() + ": file shrank while reading");
          }
          pos += r;
          len += r;
        }
        boolean last = pos >= end;
        int p = 0;
        while (true) {
          int nl = indexOf(buf, (byte) '\n', p, len);
          if (nl < 0) {
            if (last && p < len) {
              line(buf, p, len);
              p = len;
            }
            break;
          }
          line(buf, p, nl);
          p = nl + 1;
        }
        if (last) {
          return;
        }
        int rest = len - p;
        if (p == 0 && rest == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2);
        } else {
          System.arraycopy(buf, p, buf, 0, rest);
        }
        len = rest;
      }
    }

    private static int indexOf(byte[] b, byte x, int from, int to) {
      for (int i = from; i < to; i++) {
        if (b[i] == x) {
          return i;
        }
      }
      return -1;
    }

    private void error(String field, String problem) {
      skipped++;
      if (errors.size() < Math.max(1, s.maxExamples())) {
        errors.add(new Object[] {lines, field, problem});
      }
    }

    private boolean failed() {
      return !s.skip() && !errors.isEmpty();
    }

    private void line(byte[] b, int from, int to) throws Unsupported {
      lines++;
      if (failed()) {
        return;
      }
      int e = to;
      if (e > from && b[e - 1] == '\r') {
        e--;
      }
      boolean blank = true;
      int or = 0;
      boolean quote = false;
      byte[] delim = s.delimiter();
      byte d = delim[0];
      int dl = delim.length;
      int nf = 0;
      int max = s.fields();
      fs[0] = from;
      for (int p = from; p < e; p++) {
        byte c = b[p];
        or |= c;
        if (c == d && (dl == 1 || startsWith(b, p, e, delim))) {
          if (nf < max) {
            fe[nf] = p;
            fs[nf + 1] = p + dl;
          }
          nf++;
          p += dl - 1;
        } else if (c == '"') {
          quote = true;
        }
        if (c > ' ' || c < 0) {
          blank = false;
        }
      }
      if (blank) {
        return;
      }
      if (or < 0 && !validUtf8(b, from, e)) {
        error(null, "invalid UTF-8 in the line");
        return;
      }
      if (quote) {
        slowLine(new String(b, from, e - from, StandardCharsets.UTF_8));
        return;
      }
      if (nf < max) {
        fe[nf] = e;
      }
      nf++;
      if (nf != max) {
        error(null, "expected " + max + " fields, found " + nf);
        return;
      }
      int us0 = trimStart(b, fs[s.user()], fe[s.user()]);
      int ue0 = trimEnd(b, us0, fe[s.user()]);
      if (us0 == ue0) {
        error(s.names()[s.user()], "empty id");
        return;
      }
      int is0 = trimStart(b, fs[s.item()], fe[s.item()]);
      int ie0 = trimEnd(b, is0, fe[s.item()]);
      if (is0 == ie0) {
        error(s.names()[s.item()], "empty id");
        return;
      }
      float r = 1f;
      if (s.rating() >= 0) {
        r = parseFloat(b, fs[s.rating()], fe[s.rating()]);
        if (Float.isNaN(r)) {
          return;
        }
      }
      long t = 0;
      if (s.time() >= 0) {
        t = parseTime(b, fs[s.time()], fe[s.time()]);
        if (t == Long.MIN_VALUE) {
          return;
        }
      }
      append(userIndex(b, us0, ue0), items.add(b, is0, ie0), r, t);
    }

    private final byte[] lastUser = new byte[64];
    private int lastUserLen = -1;
    private int lastUserIndex;

    /** Users come in runs in most logs (MovieLens is sorted by user): reuse the last lookup. */
    private int userIndex(byte[] b, int s, int e) {
      int len = e - s;
      if (len == lastUserLen && Arrays.equals(b, s, e, lastUser, 0, len)) {
        return lastUserIndex;
      }
      lastUserIndex = users.add(b, s, e);
      if (len <= lastUser.length) {
        System.arraycopy(b, s, lastUser, 0, len);
        lastUserLen = len;
      } else {
        lastUserLen = -1;
      }
      return lastUserIndex;
    }

    private void slowLine(String line) throws Unsupported {
      String[] row = splitQuoted(line, new String(s.delimiter(), StandardCharsets.US_ASCII));
      if (row == null) {
        throw new Unsupported("quoted field spans lines");
      }
      if (row.length != s.fields()) {
        error(null, "expected " + s.fields() + " fields, found " + row.length);
        return;
      }
      String u = row[s.user()].trim();
      String i = row[s.item()].trim();
      if (u.isEmpty()) {
        error(s.names()[s.user()], "empty id");
        return;
      }
      if (i.isEmpty()) {
        error(s.names()[s.item()], "empty id");
        return;
      }
      float r = 1f;
      if (s.rating() >= 0) {
        byte[] rb = row[s.rating()].getBytes(StandardCharsets.UTF_8);
        r = parseFloat(rb, 0, rb.length);
        if (Float.isNaN(r)) {
          return;
        }
      }
      long t = 0;
      if (s.time() >= 0) {
        byte[] tb = row[s.time()].getBytes(StandardCharsets.UTF_8);
        t = parseTime(tb, 0, tb.length);
        if (t == Long.MIN_VALUE) {
          return;
        }
      }
      byte[] ub = u.getBytes(StandardCharsets.UTF_8);
      byte[] ib = i.getBytes(StandardCharsets.UTF_8);
      append(users.add(ub, 0, ub.length), items.add(ib, 0, ib.length), r, t);
    }

    private void append(int u, int i, float r, long t) {
      if (n == us.length) {
        int cap = (int) Math.min(Integer.MAX_VALUE - 16, n + (n >> 1) + 16L);
        us = Arrays.copyOf(us, cap);
        is = Arrays.copyOf(is, cap);
        if (rs != null) {
          rs = Arrays.copyOf(rs, cap);
        }
        if (ts != null) {
          ts = Arrays.copyOf(ts, cap);
        }
      }
      us[n] = u;
      is[n] = i;
      if (rs != null) {
        rs[n] = r;
      }
      if (ts != null) {
        ts[n] = t;
      }
      n++;
    }

    /** Parsed rating, or NaN after recording an error. */
    private float parseFloat(byte[] b, int from, int to) {
      int p = trimStart(b, from, to);
      int e = trimEnd(b, p, to);
      boolean neg = false;
      if (p < e && (b[p] == '-' || b[p] == '+')) {
        neg = b[p] == '-';
        p++;
      }
      long m = 0;
      int digits = 0;
      int frac = -1;
      int q = p;
      for (; q < e; q++) {
        byte c = b[q];
        if (c >= '0' && c <= '9') {
          m = m * 10 + (c - '0');
          digits++;
          if (frac >= 0) {
            frac++;
          }
        } else if (c == '.' && frac < 0) {
          frac = 0;
        } else {
          break;
        }
      }
      if (q == e && digits > 0 && digits <= 15) {
        double v = frac > 0 ? m / POW10[frac] : m;
        return (float) (neg ? -v : v);
      }
      String text = new String(b, from, to - from, StandardCharsets.UTF_8);
      try {
        float f = Float.parseFloat(text.trim());
        if (Float.isFinite(f)) {
          return f;
        }
      } catch (NumberFormatException x) {
        // reported below
      }
      error(s.names()[s.rating()], "not a number: '" + text + "'");
      return Float.NaN;
    }

    /** Parsed timestamp, or Long.MIN_VALUE after recording an error. */
    private long parseTime(byte[] b, int from, int to) {
      int p = trimStart(b, from, to);
      int e = trimEnd(b, p, to);
      boolean neg = p < e && b[p] == '-';
      int q = neg ? p + 1 : p;
      if (e - q > 0 && e - q <= 18) {
        long v = 0;
        int k = q;
        for (; k < e; k++) {
          byte c = b[k];
          if (c < '0' || c > '9') {
            break;
          }
          v = v * 10 + (c - '0');
        }
        if (k == e) {
          v = neg ? -v : v;
          return v > 100_000_000_000L || v < -100_000_000_000L ? v / 1000 : v;
        }
      }
      String text = new String(b, from, to - from, StandardCharsets.UTF_8);
      try {
        return Timestamps.parse(text);
      } catch (IllegalArgumentException x) {
        error(s.names()[s.time()], "bad timestamp: '" + text + "'");
        return Long.MIN_VALUE;
      }
    }
  }

  private static final double[] POW10 = new double[23];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private static boolean startsWith(byte[] b, int p, int e, byte[] delim) {
    if (p + delim.length > e) {
      return false;
    }
    for (int k = 1; k < delim.length; k++) {
      if (b[p + k] != delim[k]) {
        return false;
      }
    }
    return true;
  }

  private static int trimStart(byte[] b, int s, int e) {
    while (s < e && b[s] >= 0 && b[s] <= ' ') {
      s++;
    }
    return s;
  }

  private static int trimEnd(byte[] b, int s, int e) {
    while (e > s && b[e - 1] >= 0 && b[e - 1] <= ' ') {
      e--;
    }
    return e;
  }

  static boolean validUtf8(byte[] b, int s, int e) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, s, e - s));
      return true;
    } catch (CharacterCodingException x) {
      return false;
    }
  }

  /** RFC 4180 split of one line; null when a quote is left open. */
  static String[] splitQuoted(String s, String delimiter) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inQuotes = false;
    boolean wasQuoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inQuotes) {
        if (c == '"') {
          if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            inQuotes = false;
          }
        } else {
          cur.append(c);
        }
      } else if (s.startsWith(delimiter, i)) {
        out.add(cur.toString());
        cur.setLength(0);
        wasQuoted = false;
        i += delimiter.length() - 1;
      } else if (c == '"' && cur.length() == 0 && !wasQuoted) {
        inQuotes = true;
        wasQuoted = true;
      } else {
        cur.append(c);
      }
    }
    if (inQuotes) {
      return null;
    }
    out.add(cur.toString());
    return out.toArray(new String[0]);
  }

  /** Sorted index of the union of the chunks' keys and, per chunk, local key to dense index. */
  static IdIndex merge(BytesIntMap[] maps, int[][] trans) {
    BytesIntMap global = new BytesIntMap();
    int[][] g = new int[maps.length][];
    for (int c = 0; c < maps.length; c++) {
      g[c] = new int[maps[c].size()];
      for (int k = 0; k < g[c].length; k++) {
        g[c][k] = global.addFrom(maps[c], k);
      }
    }
    String[] ids = new String[global.size()];
    for (int k = 0; k < ids.length; k++) {
      ids[k] = global.key(k);
    }
    IdIndex raw = IdIndex.of(ids);
    int[] perm = raw.sortPermutation();
    for (int c = 0; c < maps.length; c++) {
      int[] t = new int[g[c].length];
      for (int k = 0; k < t.length; k++) {
        t[k] = perm[g[c][k]];
      }
      trans[c] = t;
    }
    return raw.permuted(perm);
  }
}
