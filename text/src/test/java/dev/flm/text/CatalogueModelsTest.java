package dev.flm.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** int8 against fp32, Chinese, and the query/passage prefixes of the catalogue models. */
class CatalogueModelsTest {
  static final List<String> SAMPLE =
      List.of(
          "Toy Story (1995). Genres: Adventure, Animation, Children, Comedy, Fantasy",
          "Heat (1995). Genres: Action, Crime, Thriller",
          "Sense and Sensibility (1995). Genres: Drama, Romance",
          "The weather is lovely today.",
          "A cowboy doll is profoundly threatened when a new spaceman figure supplants him.",
          "Two detectives hunt a serial killer who uses the seven deadly sins as his motives.",
          "Stock prices fell sharply after the central bank raised interest rates.",
          "How do I bake sourdough bread at home?");

  @Test
  void int8AgreesWithFp32() throws Exception {
    try (OnnxEncoder fp = ModelCatalogue.open("all-minilm-l6-v2");
        OnnxEncoder q = ModelCatalogue.open("all-minilm-l6-v2-q")) {
      assertThat(q.id()).isNotEqualTo(fp.id());
      float[][] a = fp.encode(SAMPLE);
      float[][] b = q.encode(SAMPLE);
      for (int i = 0; i < SAMPLE.size(); i++) {
        assertThat(Vectors.cosine(a[i], b[i])).as(SAMPLE.get(i)).isGreaterThanOrEqualTo(0.98);
      }
    }
  }

  @Test
  void chineseRelatedSentencesAreCloserThanUnrelated() throws Exception {
    try (OnnxEncoder zh = ModelCatalogue.open("bge-small-zh-v1.5")) {
      assertThat(zh.dimension()).isEqualTo(512);
      float[][] v =
          zh.encode(
              List.of(
                  "今天天气很好，阳光明媚。", // The weather is nice today, sunny.
                  "外面阳光灿烂，天气晴朗。", // It is sunny outside, clear weather.
                  "他开车去了体育场看足球比赛。", // He drove to the stadium to watch football.
                  "我们周末去球场看了一场足球赛。")); // We watched a football match at the ground.
      double weather = Vectors.cosine(v[0], v[1]);
      double football = Vectors.cosine(v[2], v[3]);
      assertThat(weather).isGreaterThan(Vectors.cosine(v[0], v[2]));
      assertThat(weather).isGreaterThan(Vectors.cosine(v[1], v[3]));
      assertThat(football).isGreaterThan(Vectors.cosine(v[0], v[3]));
      assertThat(football).isGreaterThan(Vectors.cosine(v[1], v[2]));
    }
  }

  @Test
  void asymmetricModelsPrefixQueriesAndPassages() throws Exception {
    try (OnnxEncoder e5 = ModelCatalogue.open("e5-small-v2-q");
        OnnxEncoder bge = ModelCatalogue.open("bge-small-en-v1.5-q")) {
      String t = "science fiction films about space travel";
      assertThat(e5.spec().prefix(Role.QUERY)).isEqualTo("query: ");
      assertThat(e5.spec().prefix(Role.PASSAGE)).isEqualTo("passage: ");
      assertThat(Vectors.cosine(e5.encode(t, Role.QUERY), e5.encode(t, Role.PASSAGE)))
          .isLessThan(0.9999);
      assertThat(bge.spec().pooling()).isEqualTo(Pooling.CLS);
      float[] q = bge.encode(t, Role.QUERY);
      float[] p = bge.encode(t, Role.PASSAGE);
      assertThat(Vectors.cosine(q, p)).isLessThan(0.9999);
      assertThat(Vectors.dot(q, q)).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-4f));
      // the query-side instruction helps retrieval: the relevant passage outranks the other
      float[][] docs =
          bge.encode(
              List.of(
                  "Interstellar (2014). Genres: Sci-Fi, IMAX. A crew travels through a wormhole.",
                  "Notting Hill (1999). Genres: Comedy, Romance."),
              Role.PASSAGE);
      assertThat(Vectors.cosine(q, docs[0])).isGreaterThan(Vectors.cosine(q, docs[1]));
    }
  }

  @Test
  void unknownNameListsTheCatalogue() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelCatalogue.open("minilm"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown encoder 'minilm'")
        .hasMessageContaining("all-minilm-l6-v2")
        .hasMessageContaining("bge-small-zh-v1.5-q");
  }
}
