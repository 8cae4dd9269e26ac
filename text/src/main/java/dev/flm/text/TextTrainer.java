package dev.flm.text;

import dev.flm.data.Dataset;
import dev.flm.data.Interactions;
import dev.flm.model.Provenance;
import dev.flm.model.Recommender;
import dev.flm.model.Trainer;
import dev.flm.model.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds a {@link TextRecommender}: encodes every catalogue item's text (through the embedding
 * cache unless disabled) and folds each user's training history into a user vector.
 */
final class TextTrainer implements Trainer {
  private final TextModelConfig config;
  private final TextEncoder given;

  TextTrainer(TextModelConfig config, TextEncoder given) {
    this.config = config;
    this.given = given;
  }

  @Override
  public String type() {
    return TextModelType.NAME;
  }

  @Override
  public Recommender train(TrainingData data) {
    Dataset ds = data.train();
    TextTemplate template = TextTemplate.resolve(config.template(), ds.items());
    template.check(ds.items());
    TextModelConfig resolved = config.withTemplate(template.source());
    TextEncoder enc = given;
    boolean owned = false;
    try {
      if (enc == null) {
        TextEncoder raw = ModelCatalogue.open(config.encoder());
        enc = config.cache() ? CachingEncoder.wrap(raw) : raw;
        owned = true;
      }
      data.listener().onEpoch(0, 1, Double.NaN, java.util.Map.of());
      float[][] iv = ItemTexts.encode(ds, template, enc);
      int dim = enc.dimension();
      int n = iv.length;
      float[] center = new float[dim];
      if (config.center()) {
        center = ItemTexts.center(iv);
      }
      float[] itemMat = new float[n * dim];
      for (int i = 0; i < n; i++) {
        System.arraycopy(iv[i], 0, itemMat, i * dim, dim);
      }
      Interactions in = ds.interactions();
      int nu = in.numUsers();
      float[] userMat = new float[nu * dim];
      int[][] hist = histories(in);
      float[][] rat = in.hasRatings() ? ratings(in, hist) : null;
      for (int u = 0; u < nu; u++) {
        if (hist[u].length == 0) {
          continue;
        }
        int[] items = new int[hist[u].length];
        for (int k = 0; k < items.length; k++) {
          items[k] = in.items()[hist[u][k]];
        }
        float[] v =
            UserVectors.fromHistory(itemMat, dim, items, rat == null ? null : rat[u], config);
        System.arraycopy(v, 0, userMat, u * dim, dim);
      }
      if (!config.userText().equals(TextModelConfig.NONE)) {
        blendUserText(ds, template, hist, enc, center, userMat, dim);
      }
      int[] counts = in.countsPerItem();
      int max = 1;
      for (int c : counts) {
        max = Math.max(max, c);
      }
      float[] pop = new float[n];
      for (int i = 0; i < n; i++) {
        pop[i] = counts[i] / (float) max;
      }
      Provenance prov =
          Provenance.now(
              TextModelType.NAME,
              resolved.asMap(),
              data.dataDescription(),
              fingerprint(in),
              "none",
              data.seed(),
              enc.id());
      data.listener().onEpoch(1, 1, Double.NaN, java.util.Map.of());
      return new TextRecommender(
          ds.userIndex(),
          ds.itemIndex(),
          dim,
          itemMat,
          userMat,
          pop,
          center,
          resolved,
          enc.id(),
          prov);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    } finally {
      if (owned) {
        enc.close();
      }
    }
  }

  /** Blends each user's text vector (recent titles or profile template) into their vector. */
  private void blendUserText(
      Dataset ds,
      TextTemplate itemTemplate,
      int[][] hist,
      TextEncoder enc,
      float[] center,
      float[] userMat,
      int dim) {
    int nu = hist.length;
    List<String> texts = new ArrayList<>(nu);
    if (config.userText().equals(TextModelConfig.RECENT)) {
      boolean titles = ds.items().field("title") != null;
      List<String> itemTexts = titles ? null : itemTemplate.renderAll(ds.items());
      for (int u = 0; u < nu; u++) {
        int[] items = new int[hist[u].length];
        for (int k = 0; k < items.length; k++) {
          items[k] = ds.interactions().items()[hist[u][k]];
        }
        if (titles) {
          texts.add(TextTemplate.recentItems(ds.items(), "title", items, config.userTextItems()));
        } else {
          StringBuilder sb = new StringBuilder();
          for (int k = items.length - 1;
              k >= 0 && k >= items.length - config.userTextItems();
              k--) {
            sb.append(sb.length() == 0 ? "" : "; ").append(itemTexts.get(items[k]));
          }
          texts.add(sb.toString());
        }
      }
    } else {
      texts.addAll(TextTemplate.parse(config.userText()).renderAll(ds.users()));
    }
    float[][] tv = enc.encode(texts, Role.QUERY);
    for (int u = 0; u < nu; u++) {
      if (texts.get(u).isBlank()) {
        continue;
      }
      float[] h = new float[dim];
      System.arraycopy(userMat, u * dim, h, 0, dim);
      float[] v = UserVectors.blend(h, UserVectors.toSpace(tv[u], center), config.userTextWeight());
      System.arraycopy(v, 0, userMat, u * dim, dim);
    }
  }

  /** Event rows of each user, oldest first (by timestamp, then file position). */
  static int[][] histories(Interactions in) {
    int nu = in.numUsers();
    int[] count = in.countsPerUser();
    int[][] h = new int[nu][];
    for (int u = 0; u < nu; u++) {
      h[u] = new int[count[u]];
    }
    int[] fill = new int[nu];
    for (int r = 0; r < in.size(); r++) {
      int u = in.users()[r];
      h[u][fill[u]++] = r;
    }
    if (in.hasTimestamps()) {
      long[] ts = in.timestamps();
      for (int[] rows : h) {
        Integer[] boxed = new Integer[rows.length];
        for (int k = 0; k < rows.length; k++) {
          boxed[k] = rows[k];
        }
        java.util.Arrays.sort(
            boxed, (a, b) -> ts[a] != ts[b] ? Long.compare(ts[a], ts[b]) : Integer.compare(a, b));
        for (int k = 0; k < rows.length; k++) {
          rows[k] = boxed[k];
        }
      }
    }
    return h;
  }

  private static float[][] ratings(Interactions in, int[][] hist) {
    float[][] r = new float[hist.length][];
    for (int u = 0; u < hist.length; u++) {
      r[u] = new float[hist[u].length];
      for (int k = 0; k < hist[u].length; k++) {
        r[u][k] = in.ratings()[hist[u][k]];
      }
    }
    return r;
  }

  static String fingerprint(Interactions in) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer b = ByteBuffer.allocate(16);
      for (int r = 0; r < in.size(); r++) {
        b.clear();
        b.putInt(in.users()[r]).putInt(in.items()[r]).putFloat(in.rating(r));
        b.putInt(in.hasTimestamps() ? (int) in.timestamps()[r] : 0);
        md.update(b.array());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
