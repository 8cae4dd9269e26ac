package dev.flm.data.io;

import dev.flm.data.Attributes;
import dev.flm.data.Dataset;
import dev.flm.data.IdIndex;
import dev.flm.data.Interactions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects interactions and side information under external ids while a file is read, then builds a
 * {@link Dataset} whose user and item indices are in id order ({@link IdIndex#sorted()}). Items (or
 * users) that only appear in a side file still enter the catalogue. Not thread-safe.
 */
public final class DatasetBuilder {
  private final boolean ratings;
  private final boolean timestamps;
  private final Side users = new Side();
  private final Side items = new Side();
  private int[] us = new int[1024];
  private int[] is = new int[1024];
  private float[] rs;
  private long[] ts;
  private int n;
  private Interactions pending;
  private int[] userPerm;
  private int[] itemPerm;

  /**
   * @param ratings whether events carry an explicit rating (otherwise implicit feedback)
   * @param timestamps whether events carry a timestamp
   */
  public DatasetBuilder(boolean ratings, boolean timestamps) {
    this.ratings = ratings;
    this.timestamps = timestamps;
    rs = ratings ? new float[1024] : null;
    ts = timestamps ? new long[1024] : null;
  }

  public boolean hasRatings() {
    return ratings;
  }

  public boolean hasTimestamps() {
    return timestamps;
  }

  /** Builder-local index of user {@code id}, adding it to the catalogue if new. */
  public int user(String id) {
    return users.ids.add(id);
  }

  /** Builder-local index of item {@code id}, adding it to the catalogue if new. */
  public int item(String id) {
    return items.ids.add(id);
  }

  /** Builder-local index of a known item, or -1. */
  public int knownItem(String id) {
    return items.ids.indexOf(id);
  }

  /** Builder-local index of a known user, or -1. */
  public int knownUser(String id) {
    return users.ids.indexOf(id);
  }

  public int numUsers() {
    return users.ids.size();
  }

  public int numItems() {
    return items.ids.size();
  }

  /** Number of events added. */
  public int size() {
    return n + (pending == null ? 0 : pending.size());
  }

  /** Adds an event between builder-local indices; rating/timestamp ignored when not kept. */
  public void add(int user, int item, float rating, long timestamp) {
    if (pending != null) {
      flushPending();
    }
    if (n == us.length) {
      int cap = Math.max(16, n + (n >> 1));
      us = Arrays.copyOf(us, cap);
      is = Arrays.copyOf(is, cap);
      if (ratings) {
        rs = Arrays.copyOf(rs, cap);
      }
      if (timestamps) {
        ts = Arrays.copyOf(ts, cap);
      }
    }
    us[n] = user;
    is[n] = item;
    if (ratings) {
      rs[n] = rating;
    }
    if (timestamps) {
      ts[n] = timestamp;
    }
    n++;
  }

  /** Adds an event between external ids. */
  public void add(String user, String item, float rating, long timestamp) {
    add(user(user), item(item), rating, timestamp);
  }

  /**
   * Appends the events of {@code in}, taking ownership of its arrays: when they are the only events
   * the data set is built around them (ids remapped in place) instead of copying, which keeps large
   * loads within a small heap. The caller must not use {@code in} afterwards.
   */
  void addAllOwned(Interactions in) {
    if (pending != null || n > 0) {
      if (pending != null) {
        flushPending();
      }
      addAll(in);
    } else {
      pending = in;
    }
  }

  private void flushPending() {
    Interactions p = pending;
    pending = null;
    addAll(p);
  }

  /** Appends every event of {@code in}, adding its users and items to the catalogue. */
  public void addAll(Interactions in) {
    int[] um = new int[in.numUsers()];
    for (int u = 0; u < um.length; u++) {
      um[u] = user(in.userIndex().idOf(u));
    }
    int[] im = new int[in.numItems()];
    for (int i = 0; i < im.length; i++) {
      im[i] = item(in.itemIndex().idOf(i));
    }
    int m = in.size();
    if (n + m > us.length) {
      int cap = n + m;
      us = Arrays.copyOf(us, cap);
      is = Arrays.copyOf(is, cap);
      if (ratings) {
        rs = Arrays.copyOf(rs, cap);
      }
      if (timestamps) {
        ts = Arrays.copyOf(ts, cap);
      }
    }
    for (int k = 0; k < m; k++) {
      us[n + k] = um[in.users()[k]];
      is[n + k] = im[in.items()[k]];
    }
    if (ratings) {
      if (in.hasRatings()) {
        System.arraycopy(in.ratings(), 0, rs, n, m);
      } else {
        Arrays.fill(rs, n, n + m, 1f);
      }
    }
    if (timestamps && in.hasTimestamps()) {
      System.arraycopy(in.timestamps(), 0, ts, n, m);
    }
    n += m;
  }

  /** Sets a text field of item {@code item} (builder-local index). */
  public void itemText(String field, int item, String value) {
    items.text(field, item, value);
  }

  /** Sets a categorical field of item {@code item}. */
  public void itemCategories(String field, int item, String[] values) {
    items.categories(field, item, values);
  }

  /** Sets a numeric field of item {@code item}. */
  public void itemNumber(String field, int item, float value) {
    items.number(field, item, value);
  }

  /** Current text of an item field, or null. */
  public String itemTextOf(String field, int item) {
    return items.textOf(field, item);
  }

  public void userText(String field, int user, String value) {
    users.text(field, user, value);
  }

  public void userCategories(String field, int user, String[] values) {
    users.categories(field, user, values);
  }

  public void userNumber(String field, int user, float value) {
    users.number(field, user, value);
  }

  /** The data set, indices sorted by id. */
  public Dataset build(String name) {
    if (pending != null) {
      return buildAroundPending(name);
    }
    IdIndex uRaw = users.ids.build();
    IdIndex iRaw = items.ids.build();
    int[] uPerm = uRaw.sortPermutation();
    int[] iPerm = iRaw.sortPermutation();
    userPerm = uPerm;
    itemPerm = iPerm;
    IdIndex uIdx = uRaw.permuted(uPerm);
    IdIndex iIdx = iRaw.permuted(iPerm);
    int[] u = new int[n];
    int[] it = new int[n];
    for (int k = 0; k < n; k++) {
      u[k] = uPerm[us[k]];
      it[k] = iPerm[is[k]];
    }
    Interactions inter =
        new Interactions(
            uIdx,
            iIdx,
            u,
            it,
            ratings ? Arrays.copyOf(rs, n) : null,
            timestamps ? Arrays.copyOf(ts, n) : null);
    return new Dataset(name, inter, items.attributes(iIdx, iPerm), users.attributes(uIdx, uPerm));
  }

  private Dataset buildAroundPending(String name) {
    Interactions in = pending;
    pending = null;
    int[] um = new int[in.numUsers()];
    for (int u = 0; u < um.length; u++) {
      um[u] = user(in.userIndex().idOf(u));
    }
    int[] im = new int[in.numItems()];
    for (int i = 0; i < im.length; i++) {
      im[i] = item(in.itemIndex().idOf(i));
    }
    IdIndex uRaw = users.ids.build();
    IdIndex iRaw = items.ids.build();
    userPerm = uRaw.sortPermutation();
    itemPerm = iRaw.sortPermutation();
    IdIndex uIdx = uRaw.permuted(userPerm);
    IdIndex iIdx = iRaw.permuted(itemPerm);
    for (int u = 0; u < um.length; u++) {
      um[u] = userPerm[um[u]];
    }
    for (int i = 0; i < im.length; i++) {
      im[i] = itemPerm[im[i]];
    }
    int[] us2 = in.users();
    int[] is2 = in.items();
    for (int k = 0; k < us2.length; k++) {
      us2[k] = um[us2[k]];
      is2[k] = im[is2[k]];
    }
    float[] r = null;
    if (ratings) {
      r = in.ratings();
      if (r == null) {
        r = new float[us2.length];
        Arrays.fill(r, 1f);
      }
    }
    long[] t = null;
    if (timestamps) {
      t = in.timestamps() != null ? in.timestamps() : new long[us2.length];
    }
    Interactions inter = new Interactions(uIdx, iIdx, us2, is2, r, t);
    return new Dataset(
        name, inter, items.attributes(iIdx, itemPerm), users.attributes(uIdx, userPerm));
  }

  /**
   * After {@link #build}: {@code p[builderIndex]} is the item's dense index in the built data set.
   */
  public int[] itemPermutation() {
    if (itemPerm == null) {
      throw new IllegalStateException("itemPermutation() is only defined after build()");
    }
    return itemPerm;
  }

  /** After {@link #build}: {@code p[builderIndex]} is the user's dense index in the data set. */
  public int[] userPermutation() {
    if (userPerm == null) {
      throw new IllegalStateException("userPermutation() is only defined after build()");
    }
    return userPerm;
  }

  /** Side information of one entity kind, stored per field in builder-local index order. */
  private static final class Side {
    final IdIndex.Builder ids = new IdIndex.Builder(1024);
    final Map<String, Object> fields = new LinkedHashMap<>();

    void text(String field, int i, String value) {
      Object f = fields.computeIfAbsent(field, k -> new ArrayList<String>());
      @SuppressWarnings("unchecked")
      List<String> l = (List<String>) checkKind(field, f, ArrayList.class);
      set(l, i, value);
    }

    String textOf(String field, int i) {
      Object f = fields.get(field);
      if (f == null) {
        return null;
      }
      @SuppressWarnings("unchecked")
      List<String> l = (List<String>) checkKind(field, f, ArrayList.class);
      return i < l.size() ? l.get(i) : null;
    }

    void categories(String field, int i, String[] values) {
      Object f = fields.computeIfAbsent(field, k -> new Categories());
      set(((Categories) checkKind(field, f, Categories.class)).values, i, values);
    }

    void number(String field, int i, float value) {
      Object f = fields.computeIfAbsent(field, k -> new Numbers());
      Numbers nums = (Numbers) checkKind(field, f, Numbers.class);
      if (i >= nums.values.length) {
        int old = nums.values.length;
        nums.values = Arrays.copyOf(nums.values, Math.max(i + 1, old * 2));
        Arrays.fill(nums.values, old, nums.values.length, Float.NaN);
      }
      nums.values[i] = value;
    }

    private static Object checkKind(String field, Object f, Class<?> kind) {
      if (!kind.isInstance(f)) {
        throw new IllegalArgumentException("field '" + field + "' already has another kind");
      }
      return f;
    }

    private static <T> void set(List<T> l, int i, T v) {
      while (l.size() <= i) {
        l.add(null);
      }
      l.set(i, v);
    }

    Attributes attributes(IdIndex idx, int[] perm) {
      int size = idx.size();
      Map<String, Attributes.Field> out = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        String name = e.getKey();
        Object f = e.getValue();
        if (f instanceof Numbers nums) {
          float[] v = new float[size];
          Arrays.fill(v, Float.NaN);
          for (int i = 0; i < Math.min(size, nums.values.length); i++) {
            v[perm[i]] = nums.values[i];
          }
          out.put(name, new Attributes.NumericField(name, v));
        } else if (f instanceof Categories cats) {
          String[][] v = new String[size][];
          for (int i = 0; i < cats.values.size(); i++) {
            v[perm[i]] = cats.values.get(i);
          }
          out.put(name, new Attributes.CategoricalField(name, v));
        } else {
          @SuppressWarnings("unchecked")
          List<String> l = (List<String>) f;
          String[] v = new String[size];
          for (int i = 0; i < l.size(); i++) {
            v[perm[i]] = l.get(i);
          }
          out.put(name, new Attributes.TextField(name, v));
        }
      }
      return new Attributes(idx, out);
    }
  }

  private static final class Categories {
    final List<String[]> values = new ArrayList<>();
  }

  private static final class Numbers {
    float[] values = new float[0];
  }
}
