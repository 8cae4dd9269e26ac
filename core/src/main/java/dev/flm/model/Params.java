package dev.flm.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * String hyperparameters as given on a command line ({@code key=value}), read into typed values
 * with range checks whose messages name the field, the value and the allowed range. Tracks which
 * keys were read so unknown keys can be rejected.
 */
public final class Params {
  private final Map<String, String> values;
  private final Set<String> used = new TreeSet<>();

  public Params(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static Params empty() {
    return new Params(Map.of());
  }

  /** Parses {@code key=value} strings. */
  public static Params parse(Iterable<String> kvs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String kv : kvs) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("parameter must be key=value; got '" + kv + "'");
      }
      m.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
    return new Params(m);
  }

  public Map<String, String> asMap() {
    return values;
  }

  public int getInt(String key, int def, int min, int max) {
    used.add(key);
    String v = values.get(key);
    int x;
    if (v == null) {
      x = def;
    } else {
      try {
        x = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be an integer; " + key + "=" + v);
      }
    }
    return checkRange(key, x, min, max);
  }

  public double getDouble(String key, double def, double min, double max) {
    used.add(key);
    String v = values.get(key);
    double x;
    if (v == null) {
      x = def;
    } else {
      try {
        x = Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be a number; " + key + "=" + v);
      }
    }
    return checkRange(key, x, min, max);
  }

  public boolean getBoolean(String key, boolean def) {
    used.add(key);
    String v = values.get(key);
    if (v == null) {
      return def;
    }
    if (v.equalsIgnoreCase("true") || v.equals("1")) {
      return true;
    }
    if (v.equalsIgnoreCase("false") || v.equals("0")) {
      return false;
    }
    throw new IllegalArgumentException(key + " must be true or false; " + key + "=" + v);
  }

  public String getString(String key, String def, String... allowed) {
    used.add(key);
    String v = values.getOrDefault(key, def);
    if (allowed.length > 0 && v != null) {
      for (String a : allowed) {
        if (a.equals(v)) {
          return v;
        }
      }
      throw new IllegalArgumentException(
          key + " must be one of " + String.join(", ", allowed) + "; " + key + "=" + v);
    }
    return v;
  }

  /** Throws if any key was never read: catches typos like {@code factor=64}. */
  public void checkAllUsed(String modelType) {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(used);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown parameter(s) for model '" + modelType + "': " + unknown + "; known: " + used);
    }
  }

  public static int checkRange(String key, int x, int min, int max) {
    if (x < min || x > max) {
      throw new IllegalArgumentException(
          key + " must be in " + min + ".." + max + "; " + key + "=" + x);
    }
    return x;
  }

  public static double checkRange(String key, double x, double min, double max) {
    if (!(x >= min && x <= max)) {
      throw new IllegalArgumentException(
          key + " must be in " + min + ".." + max + "; " + key + "=" + x);
    }
    return x;
  }
}
