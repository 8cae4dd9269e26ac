package dev.flm.data.io;

import dev.flm.data.DataFormatException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** Column lookup and field parsing that fail with a {@link DataFormatException} naming the spot. */
final class Fields {
  private Fields() {}

  /** Index of the first header column equal (ignoring case) to one of {@code names}, or -1. */
  static int find(String[] header, String... names) {
    for (String name : names) {
      if (name == null) {
        continue;
      }
      for (int i = 0; i < header.length; i++) {
        if (bareName(header[i]).equalsIgnoreCase(name) || header[i].trim().equalsIgnoreCase(name)) {
          return i;
        }
      }
    }
    return -1;
  }

  /** A header cell without a RecBole-style type suffix: "item_id:token" is "item_id". */
  static String bareName(String cell) {
    String c = cell.trim();
    int colon = c.lastIndexOf(':');
    return colon > 0 ? c.substring(0, colon) : c;
  }

  /** Like {@link #find} but a missing column is an error naming the file and the column. */
  static int require(String[] header, Path file, long line, String... names)
      throws DataFormatException {
    int i = find(header, names);
    if (i < 0) {
      throw new DataFormatException(
          file,
          line,
          names[0],
          "missing column (header has " + String.join(", ", Arrays.asList(header)) + ")");
    }
    return i;
  }

  /**
   * A column given by the user: a header name, or a 0-based position when there is no header (or
   * when the name is a number not found in the header).
   */
  static int column(String[] header, String spec, Path file, long line, String role)
      throws DataFormatException {
    if (header != null) {
      int i = find(header, spec);
      if (i >= 0) {
        return i;
      }
    }
    try {
      int pos = Integer.parseInt(spec.trim());
      if (pos >= 0 && (header == null || pos < header.length)) {
        return pos;
      }
    } catch (NumberFormatException e) {
      // not a position
    }
    throw new DataFormatException(
        file,
        line,
        spec,
        "missing "
            + role
            + " column"
            + (header == null ? "" : " (header has " + String.join(", ", header) + ")"));
  }

  static void checkCount(String[] row, int expected, Path file, long line)
      throws DataFormatException {
    if (row.length != expected) {
      throw new DataFormatException(
          file, line, null, "expected " + expected + " fields, found " + row.length);
    }
  }

  static void checkAtLeast(String[] row, int expected, Path file, long line)
      throws DataFormatException {
    if (row.length < expected) {
      throw new DataFormatException(
          file, line, null, "expected at least " + expected + " fields, found " + row.length);
    }
  }

  static String id(String v, Path file, long line, String field) throws DataFormatException {
    String s = v.trim();
    if (s.isEmpty()) {
      throw new DataFormatException(file, line, field, "empty id");
    }
    return s;
  }

  static float rating(String v, Path file, long line, String field) throws DataFormatException {
    String s = v.trim();
    try {
      float f = Float.parseFloat(s);
      if (Float.isFinite(f)) {
        return f;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new DataFormatException(file, line, field, "not a number: '" + v + "'");
  }

  static long time(String v, Path file, long line, String field) throws DataFormatException {
    try {
      return Timestamps.parse(v);
    } catch (IllegalArgumentException e) {
      throw new DataFormatException(file, line, field, "bad timestamp: '" + v + "'");
    }
  }

  /** Lower-cased file name. */
  static String name(Path file) {
    Path f = file.getFileName();
    return f == null ? "" : f.toString().toLowerCase(Locale.ROOT);
  }
}
