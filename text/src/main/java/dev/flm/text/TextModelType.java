package dev.flm.text;

import dev.flm.data.IdIndex;
import dev.flm.io.ArrayFile;
import dev.flm.io.ModelFolder;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Recommender;
import dev.flm.model.Trainer;
import java.io.IOException;

/**
 * The {@code text} model type. Saved as {@code users.flma}, {@code items.flma} (ids) and {@code
 * vectors.flma} (kind {@code text-model}: {@code items}, {@code users} flat unit vectors, {@code
 * popularity}, {@code center} (the mean subtracted from text vectors), {@code dim}); the manifest's
 * meta holds the encoder name and id and the settings.
 */
public final class TextModelType implements ModelType {
  public static final String NAME = "text";
  static final String KIND = "text-model";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "zero-shot content model: cosine of pretrained text vectors of items and user history"
        + " (encoder=NAME, template=..., halfLife=EVENTS)";
  }

  @Override
  public Trainer trainer(Params params) {
    return new TextTrainer(TextModelConfig.from(params), null);
  }

  /** A trainer with {@code config} that encodes with {@code encoder} (not closed by it). */
  public static Trainer trainer(TextModelConfig config, TextEncoder encoder) {
    return new TextTrainer(config, encoder);
  }

  @Override
  public void save(Recommender model, ModelFolder folder) throws IOException {
    if (!(model instanceof TextRecommender m)) {
      throw new IllegalArgumentException("not a text model: " + model.type());
    }
    folder.writeIds("users.flma", m.userIndex());
    folder.writeIds("items.flma", m.itemIndex());
    folder.writeArrays(
        "vectors.flma",
        new ArrayFile(KIND)
            .put("items", m.itemMatrix())
            .put("users", m.userMatrix())
            .put("popularity", m.popularity())
            .put("center", m.center())
            .put("dim", new int[] {m.dimension()}));
    var meta = folder.meta();
    meta.put("encoderId", m.encoderId());
    m.config().asMap().forEach(meta::put);
  }

  @Override
  public Recommender load(ModelFolder folder) throws IOException {
    IdIndex users = folder.readIds("users.flma");
    IdIndex items = folder.readIds("items.flma");
    ArrayFile a = folder.readArrays("vectors.flma", KIND);
    var meta = folder.meta();
    TextModelConfig c;
    try {
      java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
      meta.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
      c = TextModelConfig.fromMap(m);
    } catch (IllegalArgumentException e) {
      throw new IOException(folder.file(ModelFolder.MANIFEST) + ": " + e.getMessage(), e);
    }
    try {
      return new TextRecommender(
          users,
          items,
          a.ints("dim")[0],
          a.floats("items"),
          a.floats("users"),
          a.floats("popularity"),
          a.has("center") ? a.floats("center") : new float[a.ints("dim")[0]],
          c,
          meta.path("encoderId").asText(),
          folder.provenance());
    } catch (IllegalArgumentException e) {
      throw new IOException(folder.file("vectors.flma") + ": " + e.getMessage(), e);
    }
  }
}
