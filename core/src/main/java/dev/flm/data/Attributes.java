package dev.flm.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Side information for the entities of one {@link IdIndex} (items or users): named fields whose
 * values are arrays indexed by dense index, {@code null} where an entity has no value. Field order
 * is the iteration order of the map given (use {@link #of} or a {@link LinkedHashMap}; a {@code
 * Map.of} has a different order in every JVM), and default item text ("name: value" for every
 * field) follows it.
 */
public record Attributes(IdIndex index, Map<String, Field> fields) {

  /** One named column of side information. */
  public sealed interface Field permits TextField, CategoricalField, NumericField {
    String name();
  }

  /** Free text, e.g. a title or a description. */
  public record TextField(String name, String[] values) implements Field {}

  /** A set of tokens per entity, e.g. genres or tags. */
  public record CategoricalField(String name, String[][] values) implements Field {}

  /** A number per entity ({@code NaN} when missing), e.g. a year or a price. */
  public record NumericField(String name, float[] values) implements Field {}

  public Attributes {
    Objects.requireNonNull(index, "index");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    for (Field f : fields.values()) {
      int n;
      if (f instanceof TextField t) {
        n = t.values().length;
      } else if (f instanceof CategoricalField c) {
        n = c.values().length;
      } else {
        n = ((NumericField) f).values().length;
      }
      if (n != index.size()) {
        throw new IllegalArgumentException(
            "field '" + f.name() + "' has " + n + " values; index has " + index.size());
      }
    }
  }

  /** Attributes with {@code fields} in the order given. */
  public static Attributes of(IdIndex index, Field... fields) {
    Map<String, Field> m = new LinkedHashMap<>();
    for (Field f : fields) {
      if (m.put(f.name(), f) != null) {
        throw new IllegalArgumentException("field '" + f.name() + "' given twice");
      }
    }
    return new Attributes(index, m);
  }

  /** Attributes with no fields. */
  public static Attributes none(IdIndex index) {
    return new Attributes(index, Map.of());
  }

  public Field field(String name) {
    return fields.get(name);
  }

  public List<String> fieldNames() {
    return new ArrayList<>(fields.keySet());
  }

  /**
   * Text of entity {@code i} as "name: value" for every text and categorical field that has a
   * value, joined by ". "; empty when the entity has none.
   */
  public String defaultText(int i) {
    StringBuilder sb = new StringBuilder();
    for (Field f : fields.values()) {
      String v = null;
      if (f instanceof TextField t) {
        v = t.values()[i];
      } else if (f instanceof CategoricalField c && c.values()[i] != null) {
        v = c.values()[i].length == 0 ? null : String.join(", ", c.values()[i]);
      }
      if (v != null && !v.isBlank()) {
        if (sb.length() > 0) {
          sb.append(". ");
        }
        sb.append(f.name()).append(": ").append(v);
      }
    }
    return sb.toString();
  }
}
