package dev.flm.data;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * The one place that maps external string ids to dense {@code int} indices {@code 0..size-1} and
 * back. Immutable and thread-safe once built. Lookups of unknown ids return {@code -1}, never
 * throw, so callers can give unknown users or items a defined fallback.
 *
 * <p>Datasets keep their indices in {@linkplain #sorted() id order} (numeric when every id is an
 * integer, lexicographic otherwise), so "ties broken by item id" and "ties broken by dense index"
 * mean the same thing everywhere in FLM.
 */
public final class IdIndex {
  private final String[] ids;
  private final int[] table; // open addressing, slot holds index+1, 0 = empty
  private final int mask;

  private IdIndex(String[] ids) {
    this.ids = ids;
    int cap = Integer.highestOneBit(Math.max(4, ids.length * 2 - 1)) << 1;
    this.table = new int[cap];
    this.mask = cap - 1;
    for (int i = 0; i < ids.length; i++) {
      String id = Objects.requireNonNull(ids[i], "id");
      int slot = mix(id.hashCode()) & mask;
      while (table[slot] != 0) {
        if (ids[table[slot] - 1].equals(id)) {
          throw new IllegalArgumentException(
              "duplicate id '" + id + "' at indices " + (table[slot] - 1) + " and " + i);
        }
        slot = (slot + 1) & mask;
      }
      table[slot] = i + 1;
    }
  }

  /** An index whose dense index {@code i} is {@code ids[i]}; ids must be distinct. */
  public static IdIndex of(String... ids) {
    return new IdIndex(ids.clone());
  }

  /** An empty index. */
  public static IdIndex empty() {
    return new IdIndex(new String[0]);
  }

  static int mix(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** Number of ids. */
  public int size() {
    return ids.length;
  }

  /** Dense index of {@code id}, or {@code -1} if unknown. */
  public int indexOf(String id) {
    if (id == null) {
      return -1;
    }
    int slot = mix(id.hashCode()) & mask;
    int v;
    while ((v = table[slot]) != 0) {
      if (ids[v - 1].equals(id)) {
        return v - 1;
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  /** External id of dense index {@code index}. */
  public String idOf(int index) {
    return ids[index];
  }

  /** A copy of all ids in index order. */
  public String[] ids() {
    return ids.clone();
  }

  /** True when every id parses as a (possibly negative) decimal integer. */
  public boolean isNumeric() {
    for (String id : ids) {
      if (!isInteger(id)) {
        return false;
      }
    }
    return true;
  }

  /** The ordering FLM uses for ids: numeric when both are integers, lexicographic otherwise. */
  public static final Comparator<String> ID_ORDER =
      (a, b) -> {
        if (isInteger(a) && isInteger(b)) {
          int c = compareIntegers(a, b);
          if (c != 0) {
            return c;
          }
        }
        return a.compareTo(b);
      };

  /**
   * Permutation {@code p} such that {@code p[oldIndex] = newIndex} in an index sorted by {@link
   * #ID_ORDER} (numeric order when all ids are integers).
   */
  public int[] sortPermutation() {
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    boolean numeric = isNumeric();
    Comparator<Integer> cmp =
        numeric ? (x, y) -> ID_ORDER.compare(ids[x], ids[y]) : (x, y) -> ids[x].compareTo(ids[y]);
    Arrays.sort(order, cmp);
    int[] perm = new int[ids.length];
    for (int newIdx = 0; newIdx < order.length; newIdx++) {
      perm[order[newIdx]] = newIdx;
    }
    return perm;
  }

  /** This index in id order; see {@link #sortPermutation()} to remap arrays that refer to it. */
  public IdIndex sorted() {
    int[] perm = sortPermutation();
    return permuted(perm);
  }

  /** A new index where old index {@code i} moves to {@code perm[i]}. */
  public IdIndex permuted(int[] perm) {
    if (perm.length != ids.length) {
      throw new IllegalArgumentException(
          "perm length must equal index size " + ids.length + "; length=" + perm.length);
    }
    String[] out = new String[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[perm[i]] = ids[i];
    }
    return new IdIndex(out);
  }

  /** True when ids are already in {@link #ID_ORDER}. */
  public boolean isSorted() {
    boolean numeric = isNumeric();
    for (int i = 1; i < ids.length; i++) {
      int c = numeric ? ID_ORDER.compare(ids[i - 1], ids[i]) : ids[i - 1].compareTo(ids[i]);
      if (c > 0) {
        return false;
      }
    }
    return true;
  }

  static boolean isInteger(String s) {
    int n = s.length();
    if (n == 0 || n > 18) {
      return false;
    }
    int i = s.charAt(0) == '-' ? 1 : 0;
    if (i == n) {
      return false;
    }
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int compareIntegers(String a, String b) {
    return Long.compare(Long.parseLong(a), Long.parseLong(b));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdIndex other && Arrays.equals(ids, other.ids);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ids);
  }

  @Override
  public String toString() {
    return "IdIndex[size=" + ids.length + "]";
  }

  /**
   * Grows an index one id at a time; {@link #add} returns the dense index of an id, assigning the
   * next free one to a new id. Not thread-safe.
   */
  public static final class Builder {
    private String[] ids;
    private int[] table;
    private int size;

    public Builder() {
      this(16);
    }

    public Builder(int expected) {
      ids = new String[Math.max(4, expected)];
      table = new int[Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1];
    }

    /** Dense index of {@code id}, adding it if new. */
    public int add(String id) {
      Objects.requireNonNull(id, "id");
      int mask = table.length - 1;
      int slot = mix(id.hashCode()) & mask;
      int v;
      while ((v = table[slot]) != 0) {
        if (ids[v - 1].equals(id)) {
          return v - 1;
        }
        slot = (slot + 1) & mask;
      }
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
      }
      ids[size] = id;
      table[slot] = ++size;
      if (size * 2 > table.length) {
        rehash();
      }
      return size - 1;
    }

    /** Dense index of {@code id} or -1, without adding. */
    public int indexOf(String id) {
      int mask = table.length - 1;
      int slot = mix(id.hashCode()) & mask;
      int v;
      while ((v = table[slot]) != 0) {
        if (ids[v - 1].equals(id)) {
          return v - 1;
        }
        slot = (slot + 1) & mask;
      }
      return -1;
    }

    public int size() {
      return size;
    }

    private void rehash() {
      int[] t = new int[table.length * 2];
      int mask = t.length - 1;
      for (int i = 0; i < size; i++) {
        int slot = mix(ids[i].hashCode()) & mask;
        while (t[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        t[slot] = i + 1;
      }
      table = t;
    }

    /** The index in insertion order. */
    public IdIndex build() {
      return new IdIndex(Arrays.copyOf(ids, size));
    }
  }
}
