package dev.flm.data.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flm.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * JSON Lines: one JSON object per line, optionally gzipped. Interactions take their fields from the
 * column mapping or common names (Amazon reviews: reviewerID/user_id, parent_asin/asin,
 * overall/rating, unixReviewTime/timestamp; milliseconds are detected). Item side files map each
 * object to one item: strings become text fields, numbers numeric fields, arrays of strings
 * categorical fields (long-text arrays such as Amazon's "description" and "features" become text),
 * nested objects, image and URL fields, and "also bought" style link lists are left out (noted in
 * the report).
 */
public final class JsonLinesReader {
  private JsonLinesReader() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> LONG_TEXT =
      Set.of("description", "features", "text", "reviewtext", "abstract", "summary", "body");
  private static final String[] ITEM_ID_NAMES = {
    "parent_asin", "asin", "item_id", "item", "itemid", "id", "news_id", "movieid", "movie_id"
  };

  /** Reads interactions from a JSON Lines file. */
  public static LoadResult read(Path file, ReadOptions o) throws IOException, DataFormatException {
    BadRows bad = BadRows.of(o);
    DatasetBuilder b = readInto(file, o, null, bad);
    return new LoadResult(b.build(DelimitedReader.baseName(file)), bad.report("jsonl"));
  }

  static DatasetBuilder readInto(Path file, ReadOptions o, DatasetBuilder into, BadRows bad)
      throws IOException, DataFormatException {
    try (TableReader r = TableReader.openLines(file)) {
      String line = nextLine(r, bad);
      if (line == null) {
        throw new DataFormatException(file, 0, null, "empty file");
      }
      JsonNode first = parse(line, file, r.line());
      String u = pick(first, o.userCol(), DelimitedReader.USER_NAMES, file, r.line(), "user");
      String i = pick(first, o.itemCol(), ITEM_ID_NAMES_FOR_EVENTS, file, r.line(), "item");
      String rt = optional(first, o.ratingCol(), DelimitedReader.RATING_NAMES, file, r.line());
      String t = optional(first, o.timeCol(), DelimitedReader.TIME_NAMES, file, r.line());
      DatasetBuilder b = into != null ? into : new DatasetBuilder(rt != null, t != null);
      Map<String, Map<Integer, Set<String>>> texts = new LinkedHashMap<>();
      JsonNode node = first;
      while (true) {
        try {
          if (node == null) {
            node = parse(line, file, r.line());
          }
          long ln = r.line();
          String uid = Fields.id(scalar(node, u, file, ln), file, ln, u);
          String iid = Fields.id(scalar(node, i, file, ln), file, ln, i);
          float v = rt == null ? 1f : Fields.rating(scalar(node, rt, file, ln), file, ln, rt);
          long ts = t == null ? 0L : Fields.time(scalar(node, t, file, ln), file, ln, t);
          int ii = b.item(iid);
          b.add(b.user(uid), ii, v, ts);
          for (String c : o.textCols()) {
            String s = textOf(node.get(c));
            if (s != null && !s.isBlank()) {
              texts
                  .computeIfAbsent(c, k -> new LinkedHashMap<>())
                  .computeIfAbsent(ii, k -> new LinkedHashSet<>())
                  .add(s.trim());
            }
          }
          bad.accepted();
        } catch (DataFormatException e) {
          bad.reject(e);
        }
        node = null;
        line = nextLine(r, bad);
        if (line == null) {
          break;
        }
      }
      for (Map.Entry<String, Map<Integer, Set<String>>> e : texts.entrySet()) {
        for (Map.Entry<Integer, Set<String>> x : e.getValue().entrySet()) {
          b.itemText(e.getKey(), x.getKey(), String.join(" | ", x.getValue()));
        }
      }
      return b;
    }
  }

  private static final String[] ITEM_ID_NAMES_FOR_EVENTS = DelimitedReader.ITEM_NAMES;

  /** Reads an item side file: one object per item. */
  public static void readItems(Path file, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    Set<String> skipped = new LinkedHashSet<>();
    try (TableReader r = TableReader.openLines(file)) {
      String line;
      String idField = null;
      boolean any = false;
      while ((line = nextLine(r, bad)) != null) {
        any = true;
        long ln = r.line();
        try {
          JsonNode node = parse(line, file, ln);
          if (idField == null) {
            idField = firstPresent(node, ITEM_ID_NAMES);
            if (idField == null) {
              throw new DataFormatException(
                  file,
                  ln,
                  "item id",
                  "no item id field (looked for " + String.join(", ", ITEM_ID_NAMES) + ")");
            }
          }
          int item = b.item(Fields.id(scalar(node, idField, file, ln), file, ln, idField));
          Iterator<Map.Entry<String, JsonNode>> it = node.fields();
          while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (name.equals(idField) || isLink(name) || v.isNull()) {
              continue;
            }
            if (v.isTextual()) {
              String s = v.asText().trim();
              b.itemText(name, item, s.isEmpty() ? null : s);
            } else if (v.isNumber()) {
              b.itemNumber(name, item, (float) v.asDouble());
            } else if (v.isBoolean()) {
              b.itemCategories(name, item, new String[] {v.asText()});
            } else if (v.isArray()) {
              if (LONG_TEXT.contains(name.toLowerCase(Locale.ROOT))) {
                String s = textOf(v);
                b.itemText(name, item, s == null || s.isBlank() ? null : s);
              } else {
                List<String> vals = new ArrayList<>();
                flatten(v, vals);
                if (vals.isEmpty() && !v.isEmpty()) {
                  skipped.add(name);
                } else {
                  b.itemCategories(name, item, new LinkedHashSet<>(vals).toArray(new String[0]));
                }
              }
            } else {
              skipped.add(name);
            }
          }
        } catch (DataFormatException e) {
          bad.reject(e);
        } catch (IllegalArgumentException e) {
          bad.reject(new DataFormatException(file, ln, null, e.getMessage()));
        }
      }
      if (!any) {
        throw new DataFormatException(file, 0, null, "empty file");
      }
    }
    if (!skipped.isEmpty()) {
      bad.note(file.getFileName() + ": fields left out of item attributes: " + skipped);
    }
  }

  private static boolean isLink(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.contains("image")
        || n.contains("url")
        || n.contains("video")
        || n.startsWith("also_")
        || n.equals("related")
        || n.equals("bought_together")
        || n.equals("similar_item");
  }

  private static void flatten(JsonNode v, List<String> out) {
    for (JsonNode x : v) {
      if (x.isArray()) {
        flatten(x, out);
      } else if (x.isValueNode() && !x.isNull()) {
        String s = x.asText().trim();
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
    }
  }

  static String textOf(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      flatten(v, parts);
      return String.join(" ", parts);
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }

  private static String nextLine(TableReader r, BadRows bad)
      throws IOException, DataFormatException {
    while (true) {
      try {
        return r.nextLine();
      } catch (DataFormatException e) {
        bad.reject(e);
      }
    }
  }

  static JsonNode parse(String line, Path file, long ln) throws DataFormatException {
    try {
      JsonNode n = JSON.readTree(line);
      if (n == null || !n.isObject()) {
        throw new DataFormatException(file, ln, null, "expected a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage();
      int nl = msg.indexOf('\n');
      throw new DataFormatException(
          file, ln, null, "invalid JSON: " + (nl > 0 ? msg.substring(0, nl) : msg));
    }
  }

  private static String scalar(JsonNode node, String field, Path file, long ln)
      throws DataFormatException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new DataFormatException(file, ln, field, "missing");
    }
    if (!v.isValueNode()) {
      throw new DataFormatException(file, ln, field, "expected a string or number");
    }
    return v.asText();
  }

  private static String firstPresent(JsonNode node, String[] names) {
    for (String n : names) {
      Iterator<String> it = node.fieldNames();
      while (it.hasNext()) {
        String f = it.next();
        if (f.equalsIgnoreCase(n)) {
          return f;
        }
      }
    }
    return null;
  }

  private static String pick(
      JsonNode first, String spec, String[] names, Path file, long ln, String role)
      throws DataFormatException {
    if (spec != null && !spec.isEmpty()) {
      return spec;
    }
    String f = firstPresent(first, names);
    if (f == null) {
      throw new DataFormatException(
          file, ln, role, "missing " + role + " field (name it with the column mapping)");
    }
    return f;
  }

  private static String optional(JsonNode first, String spec, String[] names, Path file, long ln) {
    if (spec != null) {
      return spec.isEmpty() ? null : spec;
    }
    return firstPresent(first, names);
  }
}
