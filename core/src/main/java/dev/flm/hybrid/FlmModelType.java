package dev.flm.hybrid;

import dev.flm.data.SparseMatrix;
import dev.flm.io.ArrayFile;
import dev.flm.io.AtomicFiles;
import dev.flm.io.ModelFolder;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Recommender;
import dev.flm.model.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The {@code flm} model type. Saving and loading live here (plain arrays, no autograd engine);
 * training is delegated to the {@link FlmTrainerFactory} found with {@link ServiceLoader}, which
 * the {@code train} module provides. Without it on the class path, {@link #trainer} says so.
 *
 * <p>Saved layout: {@code users.ids}, {@code items.ids}, and {@code flm.arrays} (kind {@code
 * flm-parts}, see {@link FlmParts} for every array); {@code meta} holds {@code dim}, {@code
 * cosine}, {@code temperature}, {@code pooling}, {@code recencyHalfLife}, {@code textDim}, {@code
 * featureDim}, {@code coldBias}, {@code encoder} and {@code itemsWithoutText}. A model with an
 * item-item term ({@link ItemNeighbours}) adds {@code neighbourPtr}, {@code neighbourItems}, {@code
 * neighbourWeights} (CSR), {@code neighbourScale}, and the known users' histories {@code
 * historyPtr}, {@code historyItems}; models without one load as before.
 */
public final class FlmModelType implements ModelType {
  static final String ARRAYS = "flm.arrays";
  static final String KIND = "flm-parts";

  @Override
  public String name() {
    return FlmRecommender.TYPE;
  }

  @Override
  public String description() {
    return "FLM hybrid factorization: interaction factors fused with pretrained text vectors";
  }

  @Override
  public Trainer trainer(Params params) {
    Iterator<FlmTrainerFactory> it = ServiceLoader.load(FlmTrainerFactory.class).iterator();
    if (!it.hasNext()) {
      throw new IllegalStateException(
          "training model 'flm' needs the flm-train module (DJL/PyTorch) on the class path");
    }
    return it.next().create(params);
  }

  @Override
  public void save(Recommender model, ModelFolder folder) throws IOException {
    FlmRecommender m = (FlmRecommender) model;
    FlmParts p = m.parts();
    folder.writeIds("users.ids", m.userIndex());
    folder.writeIds("items.ids", m.itemIndex());
    ArrayFile a =
        new ArrayFile(KIND)
            .put("userVectors", p.userVectors())
            .put("itemVectors", p.itemVectors())
            .put("itemBias", p.itemBias())
            .put("userBase", p.userBase())
            .put("itemBase", p.itemBase());
    putIfPresent(a, "historyVectors", p.historyVectors());
    putIfPresent(a, "itemTextProj", p.itemTextProj());
    putIfPresent(a, "userTextProj", p.userTextProj());
    putIfPresent(a, "historyTextProj", p.historyTextProj());
    putIfPresent(a, "textBias", p.textBias());
    putIfPresent(a, "featureProj", p.featureProj());
    ItemNeighbours nb = m.neighbours();
    if (nb != null) {
      a.put("neighbourPtr", nb.weights().rowPtr())
          .put("neighbourItems", nb.weights().colIdx())
          .put("neighbourWeights", nb.weights().values())
          .put("historyPtr", nb.historyPtr())
          .put("historyItems", nb.historyItems())
          .put("neighbourScale", new float[] {nb.weight()});
    }
    folder.writeArrays(ARRAYS, a);
    var names = folder.meta().putArray("attachments");
    for (Map.Entry<String, byte[]> e : m.attachments().entrySet()) {
      AtomicFiles.write(folder.file(e.getKey()), e.getValue());
      folder.registerFile(e.getKey());
      names.add(e.getKey());
    }
    folder
        .meta()
        .put("dim", p.dim())
        .put("cosine", p.cosine())
        .put("temperature", p.temperature())
        .put("pooling", p.pooling())
        .put("recencyHalfLife", p.recencyHalfLife())
        .put("textDim", p.textDim())
        .put("featureDim", p.featureDim())
        .put("coldBias", p.coldBias())
        .put("encoder", m.encoder())
        .put("itemsWithoutText", m.itemsWithoutText());
  }

  @Override
  public Recommender load(ModelFolder folder) throws IOException {
    var meta = folder.meta();
    ArrayFile a = folder.readArrays(ARRAYS, KIND);
    FlmParts p =
        new FlmParts(
            meta.path("dim").asInt(),
            a.floats("userVectors"),
            a.floats("itemVectors"),
            a.floats("itemBias"),
            meta.path("cosine").asBoolean(),
            (float) meta.path("temperature").asDouble(1.0),
            a.floats("userBase"),
            orNull(a, "historyVectors"),
            meta.path("pooling").asText("mean"),
            (float) meta.path("recencyHalfLife").asDouble(0),
            meta.path("textDim").asInt(0),
            orNull(a, "itemTextProj"),
            orNull(a, "userTextProj"),
            orNull(a, "historyTextProj"),
            orNull(a, "textBias"),
            meta.path("featureDim").asInt(0),
            orNull(a, "featureProj"),
            a.floats("itemBase"),
            (float) meta.path("coldBias").asDouble(0));
    ItemNeighbours nb = null;
    if (a.has("neighbourPtr")) {
      int ni = p.numItems();
      int[] ptr = a.ints("neighbourPtr");
      int[] cols = a.ints("neighbourItems");
      float[] vals = a.floats("neighbourWeights");
      if (ptr.length != ni + 1 || cols.length != vals.length || ptr[ni] != cols.length) {
        throw new IOException(
            folder.file(ARRAYS) + ": the item-item arrays do not match the " + ni + " items");
      }
      nb =
          new ItemNeighbours(
              a.floats("neighbourScale")[0],
              new SparseMatrix(ni, ni, ptr, cols, vals),
              a.ints("historyPtr"),
              a.ints("historyItems"));
    }
    Map<String, byte[]> attachments = new LinkedHashMap<>();
    for (var n : meta.path("attachments")) {
      attachments.put(n.asText(), Files.readAllBytes(folder.file(n.asText())));
    }
    return new FlmRecommender(
        folder.readIds("users.ids"),
        folder.readIds("items.ids"),
        p,
        nb,
        meta.path("encoder").asText("none"),
        meta.path("itemsWithoutText").asInt(0),
        folder.provenance(),
        attachments);
  }

  private static void putIfPresent(ArrayFile a, String name, float[] v) {
    if (v != null) {
      a.put(name, v);
    }
  }

  private static float[] orNull(ArrayFile a, String name) {
    return a.has(name) ? a.floats(name) : null;
  }
}
