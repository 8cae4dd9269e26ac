package dev.flm.data.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Open-addressing map from byte strings to dense ints {@code 0..size-1} in insertion order, keys
 * stored in one arena: the fast loader maps id fields to indices without a String per field.
 */
final class BytesIntMap {
  private byte[] arena = new byte[1 << 12];
  private int arenaUsed;
  private int[] offsets = new int[256];
  private int[] lengths = new int[256];
  private int[] hashes = new int[256];
  private int[] table = new int[512];
  private int size;

  int size() {
    return size;
  }

  static int hash(byte[] b, int s, int e) {
    int h = 0x811C9DC5;
    for (int p = s; p < e; p++) {
      h = (h ^ b[p]) * 0x01000193;
    }
    // murmur3 finaliser: FNV alone leaves the low bits of short digit strings clustered.
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    return h ^ (h >>> 16);
  }

  /** Index of key {@code b[s..e)}, adding it if new. */
  int add(byte[] b, int s, int e) {
    int h = hash(b, s, e);
    int mask = table.length - 1;
    int slot = h & mask;
    int len = e - s;
    int v;
    while ((v = table[slot]) != 0) {
      int k = v - 1;
      if (hashes[k] == h
          && lengths[k] == len
          && Arrays.equals(arena, offsets[k], offsets[k] + len, b, s, e)) {
        return k;
      }
      slot = (slot + 1) & mask;
    }
    if (size == offsets.length) {
      int cap = size * 2;
      offsets = Arrays.copyOf(offsets, cap);
      lengths = Arrays.copyOf(lengths, cap);
      hashes = Arrays.copyOf(hashes, cap);
    }
    if (arenaUsed + len > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arenaUsed + len, arena.length * 2));
    }
    System.arraycopy(b, s, arena, arenaUsed, len);
    offsets[size] = arenaUsed;
    lengths[size] = len;
    hashes[size] = h;
    arenaUsed += len;
    table[slot] = ++size;
    if (size * 2 > table.length) {
      rehash();
    }
    return size - 1;
  }

  /** Adds key {@code k} of {@code other}. */
  int addFrom(BytesIntMap other, int k) {
    return add(other.arena, other.offsets[k], other.offsets[k] + other.lengths[k]);
  }

  String key(int k) {
    return new String(arena, offsets[k], lengths[k], StandardCharsets.UTF_8);
  }

  private void rehash() {
    int[] t = new int[table.length * 2];
    int mask = t.length - 1;
    for (int k = 0; k < size; k++) {
      int slot = hashes[k] & mask;
      while (t[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      t[slot] = k + 1;
    }
    table = t;
  }
}
