package dev.flm.data.io;

import dev.flm.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Delimited side files (items or users) with a header: one row per entity, an id column and any
 * number of attribute columns. Column types come from RecBole-style suffixes when present ({@code
 * :token} categorical, {@code :token_seq} text, or categorical split on spaces for genre/class/tag
 * /category columns, {@code :float} numeric, {@code :float_seq} left out); otherwise a column whose
 * every value is a number is numeric, one whose values contain '|' is categorical split on '|', and
 * anything else is text.
 */
public final class SideTables {
  private SideTables() {}

  static final String[] USER_ID_NAMES = DelimitedReader.USER_NAMES;
  static final String[] ITEM_ID_NAMES = {
    "item_id",
    "item",
    "itemid",
    "iid",
    "movieid",
    "movie_id",
    "parent_asin",
    "asin",
    "news_id",
    "id",
    "product_id",
    "business_id"
  };

  /** Reads an item side file into {@code b}. */
  public static void readItems(Path file, String delimiter, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    read(file, delimiter, false, b, bad);
  }

  /** Reads a user side file into {@code b}. */
  public static void readUsers(Path file, String delimiter, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    read(file, delimiter, true, b, bad);
  }

  private static void read(
      Path file, String delimiter, boolean users, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    String delim = delimiter != null ? delimiter : DelimitedReader.detectDelimiter(file);
    try (TableReader r = TableReader.open(file, delim, true)) {
      String[] h = MovieLensReader.header(r);
      long hl = r.line();
      int idCol = Fields.find(h, users ? USER_ID_NAMES : ITEM_ID_NAMES);
      if (idCol < 0) {
        idCol = 0;
      }
      List<Integer> ids = new ArrayList<>();
      List<String[]> rows = new ArrayList<>();
      String[] row;
      while ((row = MovieLensReader.next(r, bad)) != null) {
        try {
          Fields.checkCount(row, h.length, file, r.line());
          String id = Fields.id(row[idCol], file, r.line(), Fields.bareName(h[idCol]));
          ids.add(users ? b.user(id) : b.item(id));
          rows.add(row);
        } catch (DataFormatException e) {
          bad.reject(e);
        }
      }
      if (hl == 0) {
        throw new DataFormatException(file, 0, null, "empty file");
      }
      for (int c = 0; c < h.length; c++) {
        if (c == idCol) {
          continue;
        }
        column(file, h[c], c, ids, rows, users, b, bad);
      }
    }
  }

  private static void column(
      Path file,
      String cell,
      int c,
      List<Integer> ids,
      List<String[]> rows,
      boolean users,
      DatasetBuilder b,
      BadRows bad) {
    String name = Fields.bareName(cell);
    String t = cell.trim();
    int colon = t.lastIndexOf(':');
    String type = colon > 0 ? t.substring(colon + 1).toLowerCase(Locale.ROOT) : "";
    if (type.equals("float_seq")) {
      bad.note(file.getFileName() + ": column '" + name + "' (float_seq) left out");
      return;
    }
    if (type.isEmpty()) {
      type = guess(rows, c);
    }
    boolean seqCategories =
        type.equals("token_seq")
            && name.toLowerCase(Locale.ROOT).matches(".*(genre|class|tag|categor).*");
    for (int k = 0; k < rows.size(); k++) {
      String v = rows.get(k)[c].trim();
      int e = ids.get(k);
      switch (type) {
        case "float" -> {
          float f = Float.NaN;
          if (!v.isEmpty()) {
            try {
              f = Float.parseFloat(v);
            } catch (NumberFormatException x) {
              f = Float.NaN;
            }
          }
          if (users) {
            b.userNumber(name, e, f);
          } else {
            b.itemNumber(name, e, f);
          }
        }
        case "token", "pipe" -> {
          String[] vals =
              v.isEmpty()
                  ? new String[0]
                  : type.equals("pipe") ? splitTrim(v, "\\|") : new String[] {v};
          if (users) {
            b.userCategories(name, e, vals);
          } else {
            b.itemCategories(name, e, vals);
          }
        }
        default -> {
          if (seqCategories) {
            String[] vals = v.isEmpty() ? new String[0] : splitTrim(v, "\\s+");
            if (users) {
              b.userCategories(name, e, vals);
            } else {
              b.itemCategories(name, e, vals);
            }
          } else if (users) {
            b.userText(name, e, v.isEmpty() ? null : v);
          } else {
            b.itemText(name, e, v.isEmpty() ? null : v);
          }
        }
      }
    }
  }

  private static String[] splitTrim(String v, String regex) {
    List<String> out = new ArrayList<>();
    for (String s : v.split(regex)) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out.toArray(new String[0]);
  }

  /** "float" when every non-empty value is a number, "pipe" when values hold '|', else "text". */
  private static String guess(List<String[]> rows, int c) {
    boolean numeric = true;
    boolean pipe = false;
    boolean any = false;
    for (String[] row : rows) {
      String v = row[c].trim();
      if (v.isEmpty()) {
        continue;
      }
      any = true;
      if (v.indexOf('|') >= 0) {
        pipe = true;
      }
      if (numeric) {
        try {
          Double.parseDouble(v);
        } catch (NumberFormatException e) {
          numeric = false;
        }
      }
    }
    if (!any) {
      return "text";
    }
    return numeric ? "float" : pipe ? "pipe" : "text";
  }
}
