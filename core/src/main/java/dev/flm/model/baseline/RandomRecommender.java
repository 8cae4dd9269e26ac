package dev.flm.model.baseline;

import dev.flm.data.IdIndex;
import dev.flm.model.Provenance;
import dev.flm.model.Recommender;
import java.util.Objects;

/**
 * Scores every item with a uniform pseudo-random number that depends only on the seed, the user and
 * the item, so the same model always gives the same list and is safe to call from many threads.
 * Unknown users ({@code -1}) get their own seeded random order. A floor for every other model.
 */
public final class RandomRecommender implements Recommender {
  public static final String TYPE = "random";

  private final IdIndex users;
  private final IdIndex items;
  private final long seed;
  private final Provenance provenance;

  public RandomRecommender(IdIndex users, IdIndex items, long seed, Provenance provenance) {
    this.users = Objects.requireNonNull(users, "users");
    this.items = Objects.requireNonNull(items, "items");
    this.seed = seed;
    this.provenance = Objects.requireNonNull(provenance, "provenance");
  }

  public long seed() {
    return seed;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public IdIndex userIndex() {
    return users;
  }

  @Override
  public IdIndex itemIndex() {
    return items;
  }

  @Override
  public void score(int user, float[] out) {
    long base = mix(seed ^ mix(user + 0x632BE59BD9B4E019L));
    for (int i = 0; i < out.length; i++) {
      out[i] = (mix(base + i * 0x9E3779B97F4A7C15L) >>> 40) * 0x1.0p-24f;
    }
  }

  /** SplitMix64's finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }
}
