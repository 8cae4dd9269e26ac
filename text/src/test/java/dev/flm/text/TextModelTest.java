package dev.flm.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flm.data.Dataset;
import dev.flm.io.ModelFolder;
import dev.flm.model.ItemFilter;
import dev.flm.model.ModelType;
import dev.flm.model.Params;
import dev.flm.model.Recommendations;
import dev.flm.model.Recommender;
import dev.flm.model.TrainingData;
import dev.flm.testing.SyntheticData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zero-shot text model on synthetic data whose item titles name their topic. */
class TextModelTest {
  @TempDir static Path tmp;
  static OnnxEncoder encoder;
  static Dataset data;
  static TextRecommender model;

  @BeforeAll
  static void train() throws Exception {
    encoder = ModelCatalogue.open("all-minilm-l6-v2-q");
    data = SyntheticData.generate(40, 60, 10, 7);
    TextModelConfig c = TextModelConfig.defaults().withEncoder("all-minilm-l6-v2-q");
    model = (TextRecommender) TextModelType.trainer(c, encoder).train(TrainingData.of(data, 7));
    model.withEncoder(encoder);
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @Test
  void registeredAndConfiguredByParams() {
    assertThat(ModelType.names()).contains("text");
    assertThatThrownBy(() -> ModelType.named("text").trainer(Params.parse(List.of("halfLif=3"))))
        .hasMessageContaining("halfLif");
    assertThatThrownBy(
            () -> ModelType.named("text").trainer(Params.parse(List.of("template={title"))))
        .hasMessageContaining("unclosed");
  }

  @Test
  void textOnlyUserGetsItemsOfTheirTopic() {
    Recommendations r = model.recommendForText("space", 5, ItemFilter.ALL);
    assertThat(r.size()).isEqualTo(5);
    for (int i : r.items()) {
      assertThat(title(i)).contains("space");
    }
  }

  @Test
  void similarItemsShareTheTopicAndExcludeTheItem() {
    int item = 0;
    String topic = title(item).split(" ")[1];
    Recommendations r = model.similarItems(item, 3);
    assertThat(r.items()).doesNotContain(item);
    for (int i : r.items()) {
      assertThat(title(i)).contains(topic);
    }
  }

  @Test
  void historyFoldInMatchesTrainedUserVector() {
    int u = 3;
    int[] hist =
        java.util.stream.IntStream.range(0, data.interactions().size())
            .filter(r -> data.interactions().users()[r] == u)
            .map(r -> data.interactions().items()[r])
            .toArray();
    float[] a = new float[60];
    float[] b = new float[60];
    model.score(u, a);
    model.scoreHistory(hist, b);
    for (int i = 0; i < 60; i++) {
      assertThat(b[i]).isCloseTo(a[i], org.assertj.core.api.Assertions.within(1e-5f));
    }
  }

  @Test
  void newItemTextsAreScoredLikeCatalogueItems() {
    int u = 5;
    float[] all = new float[60];
    model.score(u, all);
    List<String> texts = ItemTexts.render(data, TextTemplate.parse(model.config().template()));
    float[] fresh = model.scoreNewItems(u, List.of(texts.get(7), texts.get(11)));
    // int8 models quantise activations per batch, so the same text in another batch moves a little
    assertThat(fresh[0]).isCloseTo(all[7], org.assertj.core.api.Assertions.within(1e-2f));
    assertThat(fresh[1]).isCloseTo(all[11], org.assertj.core.api.Assertions.within(1e-2f));
    assertThat(model.scoreNewItems(-1, List.of("x"))).containsExactly(0f);
  }

  @Test
  void unknownUserFallsBackToPopularity() {
    float[] s = new float[60];
    model.score(-1, s);
    int[] counts = data.interactions().countsPerItem();
    int best = 0;
    for (int i = 1; i < 60; i++) {
      if (counts[i] > counts[best]) {
        best = i;
      }
    }
    assertThat(model.recommend(-1, 1, ItemFilter.ALL).items()[0]).isEqualTo(best);
  }

  @Test
  void saveLoadKeepsScoresAndProvenance() throws Exception {
    ModelType type = ModelType.named("text");
    Path dir = tmp.resolve("model");
    ModelFolder w = ModelFolder.create(dir);
    type.save(model, w);
    w.commit("text", model.provenance());
    TextRecommender back = (TextRecommender) type.load(ModelFolder.open(dir));
    back.withEncoder(encoder);
    assertThat(back.encoderId()).isEqualTo(encoder.id());
    assertThat(back.config()).isEqualTo(model.config());
    assertThat(back.provenance().encoder()).isEqualTo(encoder.id());
    assertThat(back.provenance().hyperparameters()).containsEntry("center", "true");
    float[] a = new float[60];
    float[] b = new float[60];
    for (int u : new int[] {-1, 0, 17}) {
      model.score(u, a);
      back.score(u, b);
      assertThat(b).containsExactly(a);
    }
    assertThat(back.recommendForText("romance", 3, ItemFilter.ALL).items())
        .containsExactly(model.recommendForText("romance", 3, ItemFilter.ALL).items());
    Recommender r = back;
    assertThat(r.type()).isEqualTo("text");
    assertThat(Map.of("k", back.dimension())).containsEntry("k", 384);
  }

  @Test
  void userTextFromRecentTitlesBecomesTheUserVector() {
    TextModelConfig c =
        TextModelConfig.defaults()
            .withEncoder("all-minilm-l6-v2-q")
            .withUserText(TextModelConfig.RECENT, 1.0, 3);
    TextRecommender m =
        (TextRecommender) TextModelType.trainer(c, encoder).train(TrainingData.of(data, 7));
    int u = 2;
    int[] rows =
        java.util.stream.IntStream.range(0, data.interactions().size())
            .filter(r -> data.interactions().users()[r] == u)
            .toArray();
    int[] items = new int[rows.length];
    int[][] hist = TextTrainer.histories(data.interactions());
    for (int k = 0; k < hist[u].length; k++) {
      items[k] = data.interactions().items()[hist[u][k]];
    }
    String text = TextTemplate.recentItems(data.items(), "title", items, 3);
    assertThat(text.split("; ")).hasSize(3);
    float[] expected = m.withEncoder(encoder).textVector(text, Role.QUERY);
    // 0.98, not 1: int8 activations are quantised per batch and centring magnifies the difference
    assertThat(Vectors.cosine(m.userVector(u), expected)).isGreaterThan(0.98);
    assertThat(Vectors.cosine(m.userVector(u), model.userVector(u))).isLessThan(0.99);
  }

  @Test
  void encoderOfAnotherModelIsRefused() throws Exception {
    try (OnnxEncoder other = ModelCatalogue.open("bge-small-en-v1.5-q")) {
      assertThatThrownBy(() -> model.withEncoder(other))
          .hasMessageContaining("differs from the model's");
    }
  }

  private static String title(int i) {
    return ((dev.flm.data.Attributes.TextField) data.items().field("title")).values()[i];
  }
}
