package dev.flm.text;

import dev.flm.data.Attributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds an entity's text from its {@link Attributes} with a template such as {@code "{title}[.
 * Genres: {genres}][. Tags: {tags}]"}: {@code {field}} is replaced by the field's value
 * (categorical values joined by ", ", whole numbers without a decimal point, {@code {id}} by the
 * entity's id); a {@code [...]} section is dropped when every field inside it is empty, so missing
 * values leave no dangling labels. {@code \[}, {@code \]}, {@code \{} and {@code \}} stand for the
 * characters themselves. Immutable and thread-safe.
 */
public final class TextTemplate {
  /** Title and genres: the default item text, with no interaction-derived fields. */
  public static final String DEFAULT_ITEM = "{title}[. Genres: {genres}]";

  /** Title, genres and tags (MovieLens tags come from users, so they leak into cold-item tests). */
  public static final String ITEM_WITH_TAGS = "{title}[. Genres: {genres}][. Tags: {tags}]";

  /** The template name that picks fields from the data; see {@link #auto}. */
  public static final String AUTO = "auto";

  /**
   * A template over the fields {@code attrs} has: the title (or name), then genres, categories and
   * description where present; without any of those, every text and categorical field as "name:
   * value". Tags are left out: in MovieLens they come from the users' own interactions.
   */
  public static TextTemplate auto(Attributes attrs) {
    StringBuilder sb = new StringBuilder();
    String head =
        attrs.field("title") != null ? "title" : attrs.field("name") != null ? "name" : null;
    if (head != null) {
      sb.append('{').append(head).append('}');
    }
    for (String f : List.of("genres", "categories", "description")) {
      if (attrs.field(f) != null) {
        String label =
            f.equals("description")
                ? ""
                : Character.toUpperCase(f.charAt(0)) + f.substring(1) + ": ";
        sb.append(sb.length() == 0 ? "[" : "[. ").append(label).append('{').append(f).append("}]");
      }
    }
    if (sb.length() == 0) {
      for (Attributes.Field f : attrs.fields().values()) {
        if (f instanceof Attributes.TextField || f instanceof Attributes.CategoricalField) {
          if (!f.name().equals("tags")) {
            sb.append(sb.length() == 0 ? "[" : "[. ")
                .append(f.name())
                .append(": {")
                .append(f.name())
                .append("}]");
          }
        }
      }
    }
    if (sb.length() == 0) {
      return parse("{id}");
    }
    return parse(sb.toString());
  }

  /** {@link #auto} for {@code "auto"}, else {@link #parse}. */
  public static TextTemplate resolve(String template, Attributes attrs) {
    return AUTO.equals(template) ? auto(attrs) : parse(template);
  }

  private sealed interface Part permits Lit, Var, Section {}

  private record Lit(String text) implements Part {}

  private record Var(String field) implements Part {}

  private record Section(List<Part> parts) implements Part {}

  private final String source;
  private final List<Part> parts;
  private final List<String> fields;

  private TextTemplate(String source, List<Part> parts, List<String> fields) {
    this.source = source;
    this.parts = parts;
    this.fields = fields;
  }

  /** Parses {@code template}; the error names the position of a syntax problem. */
  public static TextTemplate parse(String template) {
    Objects.requireNonNull(template, "template");
    List<String> fields = new ArrayList<>();
    int[] pos = {0};
    List<Part> parts = parseParts(template, pos, false, fields);
    if (fields.isEmpty()) {
      throw new IllegalArgumentException(
          "template has no {field}: '" + template + "' (e.g. '" + DEFAULT_ITEM + "')");
    }
    return new TextTemplate(template, parts, List.copyOf(fields));
  }

  private static List<Part> parseParts(
      String t, int[] pos, boolean inSection, List<String> fields) {
    List<Part> parts = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    while (pos[0] < t.length()) {
      char c = t.charAt(pos[0]);
      if (c == '\\' && pos[0] + 1 < t.length()) {
        lit.append(t.charAt(pos[0] + 1));
        pos[0] += 2;
      } else if (c == '{') {
        int end = t.indexOf('}', pos[0]);
        if (end < 0) {
          throw error(t, pos[0], "unclosed '{'");
        }
        String name = t.substring(pos[0] + 1, end).trim();
        if (name.isEmpty()) {
          throw error(t, pos[0], "empty field name");
        }
        flush(lit, parts);
        parts.add(new Var(name));
        fields.add(name);
        pos[0] = end + 1;
      } else if (c == '[') {
        flush(lit, parts);
        int start = pos[0];
        pos[0]++;
        List<Part> inner = parseParts(t, pos, true, fields);
        if (pos[0] > t.length() || t.charAt(pos[0] - 1) != ']') {
          throw error(t, start, "unclosed '['");
        }
        parts.add(new Section(inner));
      } else if (c == ']') {
        if (!inSection) {
          throw error(t, pos[0], "']' without '['");
        }
        flush(lit, parts);
        pos[0]++;
        return parts;
      } else if (c == '}') {
        throw error(t, pos[0], "'}' without '{'");
      } else {
        lit.append(c);
        pos[0]++;
      }
    }
    if (inSection) {
      pos[0] = t.length() + 1;
    }
    flush(lit, parts);
    return parts;
  }

  private static void flush(StringBuilder lit, List<Part> parts) {
    if (lit.length() > 0) {
      parts.add(new Lit(lit.toString()));
      lit.setLength(0);
    }
  }

  private static IllegalArgumentException error(String t, int pos, String what) {
    return new IllegalArgumentException(
        "template syntax error at position " + pos + ": " + what + " in '" + t + "'");
  }

  /** The template text. */
  public String source() {
    return source;
  }

  /** Field names the template uses, in order. */
  public List<String> fields() {
    return fields;
  }

  /**
   * Checks every field exists in {@code attrs} (or is {@code id}); the message lists the fields
   * there are.
   */
  public void check(Attributes attrs) {
    for (String f : fields) {
      if (!f.equals("id") && attrs.field(f) == null) {
        throw new IllegalArgumentException(
            "template field {"
                + f
                + "} is not in the data; fields are "
                + attrs.fieldNames()
                + " and {id}");
      }
    }
  }

  /** The text of entity {@code i}; whitespace trimmed. */
  public String render(Attributes attrs, int i) {
    StringBuilder sb = new StringBuilder();
    render(parts, attrs, i, sb);
    return sb.toString().strip();
  }

  /** Texts of all entities of {@code attrs}, after {@link #check}. */
  public List<String> renderAll(Attributes attrs) {
    check(attrs);
    int n = attrs.index().size();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(render(attrs, i));
    }
    return out;
  }

  /** Renders; returns true when at least one field had a value. */
  private static boolean render(List<Part> parts, Attributes attrs, int i, StringBuilder sb) {
    boolean any = false;
    for (Part p : parts) {
      if (p instanceof Lit l) {
        sb.append(l.text());
      } else if (p instanceof Var v) {
        String s = value(attrs, v.field(), i);
        if (!s.isEmpty()) {
          sb.append(s);
          any = true;
        }
      } else if (p instanceof Section s) {
        StringBuilder inner = new StringBuilder();
        if (render(s.parts(), attrs, i, inner)) {
          sb.append(inner);
          any = true;
        }
      }
    }
    return any;
  }

  /** The value of one field as text, empty when missing. */
  static String value(Attributes attrs, String field, int i) {
    if (field.equals("id") && attrs.field("id") == null) {
      return attrs.index().idOf(i);
    }
    Attributes.Field f = attrs.field(field);
    if (f instanceof Attributes.TextField t) {
      String v = t.values()[i];
      return v == null ? "" : v.strip();
    }
    if (f instanceof Attributes.CategoricalField c) {
      String[] v = c.values()[i];
      return v == null ? "" : String.join(", ", v);
    }
    if (f instanceof Attributes.NumericField nf) {
      float x = nf.values()[i];
      if (Float.isNaN(x)) {
        return "";
      }
      return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Float.toString(x);
    }
    return "";
  }

  /**
   * A user's text from the titles (or another field) of their most recent items: {@code
   * historyItems} in chronological order, the last {@code n} used, newest first, joined by "; ".
   */
  public static String recentItems(Attributes items, String field, int[] historyItems, int n) {
    StringBuilder sb = new StringBuilder();
    int used = 0;
    for (int k = historyItems.length - 1; k >= 0 && used < n; k--) {
      String v = value(items, field, historyItems[k]);
      if (!v.isEmpty()) {
        if (sb.length() > 0) {
          sb.append("; ");
        }
        sb.append(v);
        used++;
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return source;
  }
}
