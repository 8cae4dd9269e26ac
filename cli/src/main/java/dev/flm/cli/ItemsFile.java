package dev.flm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import dev.flm.data.Interactions;
import dev.flm.data.io.BadRows;
import dev.flm.data.io.DatasetBuilder;
import dev.flm.data.io.DelimitedReader;
import dev.flm.data.io.TableReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an item side file (catalogue plus text, categorical and numeric fields) into a {@link
 * DatasetBuilder}, detecting the layout from the name and header: a RecBole {@code .item} file
 * (typed header {@code item_id:token movie_title:token_seq ...}), MovieLens {@code movies.csv} /
 * {@code movies.dat}, JSON Lines (one object per item), or a CSV/TSV table with an item id column.
 * Items listed here enter the catalogue even if nobody interacted with them.
 */
final class ItemsFile {
  private ItemsFile() {}

  static final String[] ID_NAMES = {
    "item",
    "item_id",
    "itemid",
    "iid",
    "movieid",
    "movie_id",
    "asin",
    "parent_asin",
    "product_id",
    "news_id",
    "business_id",
    "id"
  };
  private static final Set<String> CATEGORICAL =
      Set.of("genres", "genre", "categories", "category", "tags", "tag", "class", "labels");

  /** The train events of {@code train} over the catalogue of {@code items} (plus any new ids). */
  static Dataset join(Dataset train, Path items, BadRows bad)
      throws IOException, DataFormatException {
    Interactions x = train.interactions();
    DatasetBuilder b = new DatasetBuilder(x.hasRatings(), x.hasTimestamps());
    read(items, b, bad);
    for (int k = 0; k < x.size(); k++) {
      b.add(
          x.userIndex().idOf(x.users()[k]),
          x.itemIndex().idOf(x.items()[k]),
          x.rating(k),
          x.hasTimestamps() ? x.timestamps()[k] : 0L);
    }
    return b.build(train.name());
  }

  /** Reads {@code file} into {@code b}. */
  static void read(Path file, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file, 0, null, "no such file");
    }
    if (Files.size(file) == 0) {
      throw new DataFormatException(file, 0, null, "empty file");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
      readJsonLines(file, b, bad);
    } else if (name.endsWith(".dat")) {
      readMoviesDat(file, b, bad);
    } else {
      readTable(
          file, name.endsWith(".item") ? "\t" : DelimitedReader.detectDelimiter(file), b, bad);
    }
  }

  private static void readTable(Path file, String delim, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    try (TableReader r = TableReader.open(file, delim, !delim.equals("\t"))) {
      String[] header = r.next();
      if (header == null) {
        throw new DataFormatException(file, 0, null, "empty file (expected a header line)");
      }
      long hl = r.line();
      int id = -1;
      for (String n : ID_NAMES) {
        for (int c = 0; c < header.length && id < 0; c++) {
          if (bare(header[c]).equalsIgnoreCase(n)) {
            id = c;
          }
        }
        if (id >= 0) {
          break;
        }
      }
      if (id < 0) {
        throw new DataFormatException(
            file,
            hl,
            "item",
            "missing item id column (header has " + String.join(", ", header) + ")");
      }
      String[] names = new String[header.length];
      String[] kinds = new String[header.length];
      for (int c = 0; c < header.length; c++) {
        names[c] = bare(header[c]);
        kinds[c] = kind(header[c]);
      }
      String[] row;
      while (true) {
        try {
          row = r.next();
          if (row == null) {
            break;
          }
          if (row.length != header.length) {
            throw new DataFormatException(
                file, r.line(), null, "expected " + header.length + " fields, found " + row.length);
          }
          String iid = row[id].trim();
          if (iid.isEmpty()) {
            throw new DataFormatException(file, r.line(), names[id], "empty id");
          }
          int item = b.item(iid);
          for (int c = 0; c < row.length; c++) {
            if (c != id) {
              put(b, item, names[c], kinds[c], row[c], file, r.line());
            }
          }
          bad.accepted();
        } catch (DataFormatException e) {
          bad.reject(e);
        }
      }
    }
  }

  private static void put(
      DatasetBuilder b, int item, String name, String kind, String value, Path file, long line)
      throws DataFormatException {
    String v = value.trim();
    switch (kind) {
      case "float" -> {
        if (v.isEmpty()) {
          b.itemNumber(name, item, Float.NaN);
          return;
        }
        try {
          b.itemNumber(name, item, Float.parseFloat(v));
        } catch (NumberFormatException e) {
          throw new DataFormatException(file, line, name, "not a number: '" + value + "'");
        }
      }
      case "token_seq" ->
          b.itemCategories(name, item, v.isEmpty() ? new String[0] : v.split("\\s+"));
      case "token" -> b.itemCategories(name, item, v.isEmpty() ? new String[0] : new String[] {v});
      case "categories" -> b.itemCategories(name, item, splitCategories(v));
      default -> {
        if (!v.isEmpty()) {
          b.itemText(name, item, v);
        }
      }
    }
  }

  private static String[] splitCategories(String v) {
    if (v.isEmpty() || v.equals("(no genres listed)")) {
      return new String[0];
    }
    String sep = v.indexOf('|') >= 0 ? "\\|" : v.indexOf(';') >= 0 ? ";" : ",";
    List<String> out = new ArrayList<>();
    for (String s : v.split(sep)) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out.toArray(new String[0]);
  }

  /** RecBole type of a header cell, or "categories"/"text" from the column name. */
  private static String kind(String cell) {
    String c = cell.trim();
    int colon = c.lastIndexOf(':');
    if (colon > 0) {
      String t = c.substring(colon + 1).toLowerCase(Locale.ROOT);
      if (t.equals("float") || t.equals("float_seq")) {
        return "float";
      }
      if (t.equals("token")) {
        return "token";
      }
      if (t.equals("token_seq")) {
        // RecBole token_seq holds words of a title as often as a set of tags.
        return CATEGORICAL.contains(bare(c).toLowerCase(Locale.ROOT)) ? "token_seq" : "text";
      }
    }
    return CATEGORICAL.contains(bare(c).toLowerCase(Locale.ROOT)) ? "categories" : "text";
  }

  private static String bare(String cell) {
    String c = cell.trim();
    int colon = c.lastIndexOf(':');
    return colon > 0 ? c.substring(0, colon) : c;
  }

  private static void readMoviesDat(Path file, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    try (TableReader r = TableReader.open(file, "::", false)) {
      while (true) {
        try {
          String[] row = r.next();
          if (row == null) {
            break;
          }
          if (row.length != 3) {
            throw new DataFormatException(
                file, r.line(), null, "expected 3 fields (id::title::genres), found " + row.length);
          }
          int item = b.item(row[0].trim());
          b.itemText("title", item, row[1].trim());
          b.itemCategories("genres", item, splitCategories(row[2].trim()));
          bad.accepted();
        } catch (DataFormatException e) {
          bad.reject(e);
        }
      }
    }
  }

  private static void readJsonLines(Path file, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String s;
      long line = 0;
      while ((s = in.readLine()) != null) {
        line++;
        if (s.isBlank()) {
          continue;
        }
        try {
          JsonNode o;
          try {
            o = json.readTree(s);
          } catch (IOException e) {
            throw new DataFormatException(file, line, null, "not a JSON object");
          }
          if (!o.isObject()) {
            throw new DataFormatException(file, line, null, "not a JSON object");
          }
          String idField = null;
          for (String n : ID_NAMES) {
            if (o.hasNonNull(n)) {
              idField = n;
              break;
            }
          }
          if (idField == null) {
            throw new DataFormatException(file, line, "item", "no item id field");
          }
          int item = b.item(o.get(idField).asText());
          for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (k.equals(idField) || v.isNull()) {
              continue;
            }
            if (v.isArray()) {
              List<String> vals = new ArrayList<>();
              v.forEach(x -> vals.add(x.isValueNode() ? x.asText() : x.toString()));
              b.itemCategories(k, item, vals.toArray(new String[0]));
            } else if (v.isNumber()) {
              b.itemNumber(k, item, v.floatValue());
            } else if (v.isTextual()) {
              if (CATEGORICAL.contains(k.toLowerCase(Locale.ROOT))) {
                b.itemCategories(k, item, splitCategories(v.asText().trim()));
              } else if (!v.asText().isBlank()) {
                b.itemText(k, item, v.asText().trim());
              }
            }
          }
          bad.accepted();
        } catch (DataFormatException e) {
          bad.reject(e);
        }
      }
    }
  }
}
