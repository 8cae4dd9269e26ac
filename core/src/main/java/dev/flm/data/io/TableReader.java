package dev.flm.data.io;

import dev.flm.data.DataFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a delimited text file (CSV, TSV, "::"-separated) record by record with strict UTF-8
 * decoding: invalid bytes stop the read with a {@link DataFormatException} naming the line. A
 * leading byte-order mark is skipped, {@code \r\n} is accepted, blank lines are skipped. With
 * quoting on, RFC 4180 quotes are honoured (doubled quotes inside, delimiters and newlines inside
 * quotes). After an exception the reader stands at the next line, so a caller may skip the row.
 */
public final class TableReader implements Closeable {
  private final Path file;
  private final InputStream in;
  private final String delimiter;
  private final boolean quotes;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private byte[] lineBytes = new byte[256];
  private long lineNo;
  private long recordLine;
  private boolean first = true;
  private String raw;
  private boolean latin1Fallback;

  private TableReader(Path file, InputStream in, String delimiter, boolean quotes) {
    this.file = file;
    this.in = in;
    this.delimiter = delimiter;
    this.quotes = quotes;
  }

  /** Opens {@code file}; {@code delimiter} may be several characters (e.g. "::"). */
  public static TableReader open(Path file, String delimiter, boolean quotes) throws IOException {
    if (delimiter == null || delimiter.isEmpty()) {
      throw new IllegalArgumentException("delimiter must not be empty");
    }
    return new TableReader(file, openMaybeGzip(file), delimiter, quotes);
  }

  /** Opens a file, gunzipping it when its name ends in ".gz". */
  static InputStream openMaybeGzip(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
      return new java.util.zip.GZIPInputStream(in, 1 << 16);
    }
    return in;
  }

  /**
   * Decode lines that are not valid UTF-8 as ISO-8859-1 instead of failing (for old releases such
   * as MovieLens 100k's u.item).
   */
  TableReader latin1Fallback() {
    latin1Fallback = true;
    return this;
  }

  /** A reader of whole lines (JSON Lines); {@link #next()} is not meaningful on it. */
  public static TableReader openLines(Path file) throws IOException {
    return new TableReader(file, openMaybeGzip(file), "\n", false);
  }

  public Path file() {
    return file;
  }

  /** 1-based line on which the last record returned (or rejected) starts. */
  public long line() {
    return recordLine;
  }

  /** The text of the last record read, for error examples. */
  public String raw() {
    return raw;
  }

  /** Next non-blank line decoded as UTF-8 without splitting, or null at end of file. */
  public String nextLine() throws IOException, DataFormatException {
    while (true) {
      String s = readLine();
      if (s == null) {
        return null;
      }
      recordLine = lineNo;
      raw = s;
      if (!s.isBlank()) {
        return s;
      }
    }
  }

  /** Fields of the next record, or null at end of file. */
  public String[] next() throws IOException, DataFormatException {
    String s = nextLine();
    if (s == null) {
      return null;
    }
    if (!quotes || s.indexOf('"') < 0) {
      return split(s);
    }
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inQuotes = false;
    boolean wasQuoted = false;
    int i = 0;
    while (true) {
      if (i >= s.length()) {
        if (!inQuotes) {
          break;
        }
        String more = readLine();
        if (more == null) {
          throw new DataFormatException(file, recordLine, null, "unterminated quoted field");
        }
        cur.append('\n');
        raw = raw + "\n" + more;
        s = more;
        i = 0;
        continue;
      }
      char c = s.charAt(i);
      if (inQuotes) {
        if (c == '"') {
          if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
            cur.append('"');
            i += 2;
            continue;
          }
          inQuotes = false;
          i++;
          continue;
        }
        cur.append(c);
        i++;
      } else if (s.startsWith(delimiter, i)) {
        out.add(cur.toString());
        cur.setLength(0);
        wasQuoted = false;
        i += delimiter.length();
      } else if (c == '"' && cur.length() == 0 && !wasQuoted) {
        inQuotes = true;
        wasQuoted = true;
        i++;
      } else {
        cur.append(c);
        i++;
      }
    }
    out.add(cur.toString());
    return out.toArray(new String[0]);
  }

  private String[] split(String s) {
    String[] out = new String[8];
    int k = 0;
    int start = 0;
    int d = delimiter.length();
    while (true) {
      int j = d == 1 ? s.indexOf(delimiter.charAt(0), start) : s.indexOf(delimiter, start);
      if (k == out.length) {
        out = Arrays.copyOf(out, k * 2);
      }
      if (j < 0) {
        out[k++] = s.substring(start);
        break;
      }
      out[k++] = s.substring(start, j);
      start = j + d;
    }
    return Arrays.copyOf(out, k);
  }

  private String readLine() throws IOException, DataFormatException {
    int len = 0;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        limit = in.read(buf, 0, buf.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          if (!any) {
            return null;
          }
          break;
        }
      }
      any = true;
      int start = pos;
      while (pos < limit && buf[pos] != '\n') {
        pos++;
      }
      int chunk = pos - start;
      if (len + chunk > lineBytes.length) {
        lineBytes = Arrays.copyOf(lineBytes, Math.max(len + chunk, lineBytes.length * 2));
      }
      System.arraycopy(buf, start, lineBytes, len, chunk);
      len += chunk;
      if (pos < limit) {
        pos++;
        break;
      }
    }
    lineNo++;
    int from = 0;
    if (first) {
      first = false;
      if (len >= 3
          && lineBytes[0] == (byte) 0xEF
          && lineBytes[1] == (byte) 0xBB
          && lineBytes[2] == (byte) 0xBF) {
        from = 3;
      }
    }
    if (len > from && lineBytes[len - 1] == '\r') {
      len--;
    }
    boolean ascii = true;
    for (int i = from; i < len; i++) {
      if (lineBytes[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(lineBytes, from, len - from, StandardCharsets.ISO_8859_1);
    }
    try {
      CharBuffer cb = decoder.reset().decode(ByteBuffer.wrap(lineBytes, from, len - from));
      return cb.toString();
    } catch (MalformedInputException e) {
      if (latin1Fallback) {
        return new String(lineBytes, from, len - from, StandardCharsets.ISO_8859_1);
      }
      recordLine = lineNo;
      raw = new String(lineBytes, from, len - from, StandardCharsets.UTF_8);
      throw new DataFormatException(file, lineNo, null, "invalid UTF-8 in the line");
    } catch (CharacterCodingException e) {
      recordLine = lineNo;
      raw = new String(lineBytes, from, len - from, StandardCharsets.UTF_8);
      throw new DataFormatException(file, lineNo, null, "invalid UTF-8 in the line");
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
