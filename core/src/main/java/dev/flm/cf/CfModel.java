package dev.flm.cf;

import dev.flm.data.IdIndex;
import dev.flm.model.Provenance;
import dev.flm.model.Recommender;

/**
 * Common state of the collaborative-filtering models: the indices they were trained on, their
 * provenance, and item popularity (training interaction counts), which is the documented fallback
 * for unknown users and for empty histories. Immutable.
 */
public abstract class CfModel implements Recommender {
  private final String type;
  private final IdIndex users;
  private final IdIndex items;
  private final Provenance provenance;
  private final float[] popularity;

  protected CfModel(
      String type, IdIndex users, IdIndex items, Provenance provenance, float[] popularity) {
    this.type = type;
    this.users = users;
    this.items = items;
    this.provenance = provenance;
    if (popularity.length != items.size()) {
      throw new IllegalArgumentException(
          "popularity length must equal item count " + items.size() + "; " + popularity.length);
    }
    this.popularity = popularity;
  }

  @Override
  public String type() {
    return type;
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
  public Provenance provenance() {
    return provenance;
  }

  /** Training interaction count per item (a copy is not made: read-only). */
  float[] popularity() {
    return popularity;
  }

  /** Writes the unknown-user fallback: item popularity in training. */
  protected void scorePopularity(float[] out) {
    System.arraycopy(popularity, 0, out, 0, popularity.length);
  }

  /** True when {@code user} is a known dense user index; -1 (unknown) gives false. */
  protected boolean known(int user) {
    if (user < -1 || user >= users.size()) {
      throw new IndexOutOfBoundsException(
          "user must be -1 (unknown) or in 0.." + (users.size() - 1) + "; user=" + user);
    }
    return user >= 0;
  }
}
