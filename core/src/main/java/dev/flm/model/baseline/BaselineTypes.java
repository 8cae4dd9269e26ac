package dev.flm.model.baseline;

import dev.flm.data.Fingerprints;
import dev.flm.data.Interactions;
import dev.flm.io.ArrayFile;
import dev.flm.io.ModelFolder;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Provenance;
import dev.flm.model.Recommender;
import dev.flm.model.Trainer;
import dev.flm.model.TrainingData;
import java.io.IOException;
import java.util.Map;

/** The {@link ModelType}s of the two baselines every evaluation should include. */
public final class BaselineTypes {
  private BaselineTypes() {}

  static Provenance provenance(String type, TrainingData data) {
    Interactions in = data.train().interactions();
    return Provenance.now(
        type,
        Map.of(),
        data.dataDescription(),
        Fingerprints.of(in),
        data.dataDescription(),
        data.seed(),
        "none");
  }

  static Recommender check(Recommender model, Class<?> cls) {
    if (!cls.isInstance(model)) {
      throw new IllegalArgumentException(
          "cannot save a " + model.type() + " model as " + cls.getSimpleName());
    }
    return model;
  }

  /** {@code mostpop}: training interaction counts; no parameters. */
  public static final class MostPopularType implements ModelType {
    @Override
    public String name() {
      return MostPopular.TYPE;
    }

    @Override
    public String description() {
      return "most popular items (training interaction counts) for everyone";
    }

    @Override
    public Trainer trainer(Params params) {
      params.checkAllUsed(name());
      return Trainer.of(
          MostPopular.TYPE,
          data -> {
            Interactions in = data.train().interactions();
            float[] counts = new float[in.numItems()];
            for (int i : in.items()) {
              counts[i]++;
            }
            return new MostPopular(
                in.userIndex(), in.itemIndex(), counts, provenance(MostPopular.TYPE, data));
          });
    }

    @Override
    public void save(Recommender model, ModelFolder folder) throws IOException {
      MostPopular m = (MostPopular) check(model, MostPopular.class);
      folder.writeIds("users.flma", m.userIndex());
      folder.writeIds("items.flma", m.itemIndex());
      folder.writeArrays("popularity.flma", new ArrayFile("mostpop").put("counts", m.counts()));
    }

    @Override
    public Recommender load(ModelFolder folder) throws IOException {
      return new MostPopular(
          folder.readIds("users.flma"),
          folder.readIds("items.flma"),
          folder.readArrays("popularity.flma", "mostpop").floats("counts"),
          folder.provenance());
    }
  }

  /** {@code random}: seeded uniform scores; no parameters (the seed is the training seed). */
  public static final class RandomType implements ModelType {
    @Override
    public String name() {
      return RandomRecommender.TYPE;
    }

    @Override
    public String description() {
      return "uniformly random items (seeded); the floor every model must beat";
    }

    @Override
    public Trainer trainer(Params params) {
      params.checkAllUsed(name());
      return Trainer.of(
          RandomRecommender.TYPE,
          data -> {
            Interactions in = data.train().interactions();
            return new RandomRecommender(
                in.userIndex(),
                in.itemIndex(),
                data.seed(),
                provenance(RandomRecommender.TYPE, data));
          });
    }

    @Override
    public void save(Recommender model, ModelFolder folder) throws IOException {
      RandomRecommender m = (RandomRecommender) check(model, RandomRecommender.class);
      folder.writeIds("users.flma", m.userIndex());
      folder.writeIds("items.flma", m.itemIndex());
      folder.writeArrays("random.flma", new ArrayFile("random").put("seed", new long[] {m.seed()}));
    }

    @Override
    public Recommender load(ModelFolder folder) throws IOException {
      return new RandomRecommender(
          folder.readIds("users.flma"),
          folder.readIds("items.flma"),
          folder.readArrays("random.flma", "random").longs("seed")[0],
          folder.provenance());
    }
  }
}
