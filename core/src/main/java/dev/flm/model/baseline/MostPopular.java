package dev.flm.model.baseline;

import dev.flm.data.IdIndex;
import dev.flm.model.Provenance;
import dev.flm.model.Recommender;
import java.util.Objects;

/**
 * Recommends the items with the most training interactions to everyone (unknown users included);
 * ties go to the lower item index. The score of an item is its training count.
 */
public final class MostPopular implements Recommender {
  public static final String TYPE = "mostpop";

  private final IdIndex users;
  private final IdIndex items;
  private final float[] counts;
  private final Provenance provenance;

  public MostPopular(IdIndex users, IdIndex items, float[] counts, Provenance provenance) {
    this.users = Objects.requireNonNull(users, "users");
    this.items = Objects.requireNonNull(items, "items");
    this.counts = Objects.requireNonNull(counts, "counts").clone();
    this.provenance = Objects.requireNonNull(provenance, "provenance");
    if (counts.length != items.size()) {
      throw new IllegalArgumentException(
          "counts length must equal items " + items.size() + "; length=" + counts.length);
    }
  }

  /** Training interaction count per item (a copy). */
  public float[] counts() {
    return counts.clone();
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
    System.arraycopy(counts, 0, out, 0, counts.length);
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }
}
