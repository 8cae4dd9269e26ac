package dev.flm.util;

/**
 * A faithful port of NumPy's legacy {@code numpy.random.RandomState} (MT19937), so that seeded
 * choices made by FLM (e.g. which items a cold-item split holds out) match what the same seed gives
 * in Python. Covers seeding from an int, {@code random_sample}, {@code randint}, {@code
 * shuffle}/{@code permutation} and {@code choice(n, k, replace=False)}. Not thread-safe.
 */
public final class NumpyRandom {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;

  private final int[] key = new int[N];
  private int pos;

  /** Same state as {@code np.random.RandomState(seed)}; {@code seed} must be in 0..2^32-1. */
  public NumpyRandom(long seed) {
    if (seed < 0 || seed > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("seed must be in 0..4294967295; seed=" + seed);
    }
    long s = seed;
    for (int i = 0; i < N; i++) {
      key[i] = (int) s;
      s = (1812433253L * (s ^ (s >>> 30)) + i + 1) & 0xFFFFFFFFL;
    }
    pos = N;
  }

  private void generate() {
    int i = 0;
    int y;
    for (; i < N - M; i++) {
      y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; i < N - 1; i++) {
      y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    y = (key[N - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
    key[N - 1] = key[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    pos = 0;
  }

  /** Next 32 random bits as an unsigned value in a long. */
  public long nextUint32() {
    if (pos == N) {
      generate();
    }
    int y = key[pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y & 0xFFFFFFFFL;
  }

  private long nextUint64() {
    return (nextUint32() << 32) | nextUint32();
  }

  /** {@code random_sample()}: a double in [0, 1) with 53 random bits. */
  public double randomSample() {
    long a = nextUint32() >>> 5;
    long b = nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** numpy's {@code random_interval(max)}: uniform in 0..max by masked rejection. */
  public long randomInterval(long max) {
    if (max == 0) {
      return 0;
    }
    long mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask |= mask >>> 32;
    long value;
    if (max <= 0xFFFFFFFFL) {
      while ((value = (nextUint32() & mask)) > max) {}
    } else {
      while ((value = (nextUint64() & mask)) > max) {}
    }
    return value;
  }

  /** {@code randint(low, high)}: one integer in [low, high) (int64 dtype, masked rejection). */
  public long randint(long low, long high) {
    if (high <= low) {
      throw new IllegalArgumentException("high must be > low; low=" + low + ", high=" + high);
    }
    return low + randomInterval(high - 1 - low);
  }

  /** {@code shuffle(x)} of a one-dimensional array, in place. */
  public void shuffle(int[] x) {
    for (int i = x.length - 1; i >= 1; i--) {
      int j = (int) randomInterval(i);
      int t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
  }

  /** {@code permutation(n)}: a shuffled {@code arange(n)}. */
  public int[] permutation(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    shuffle(a);
    return a;
  }

  /** {@code choice(n, k, replace=False)}: the first {@code k} of {@code permutation(n)}. */
  public int[] choiceWithoutReplacement(int n, int k) {
    if (k < 0 || k > n) {
      throw new IllegalArgumentException("k must be in 0.." + n + "; k=" + k);
    }
    return java.util.Arrays.copyOf(permutation(n), k);
  }
}
