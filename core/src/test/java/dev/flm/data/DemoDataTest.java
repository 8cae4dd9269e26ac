package dev.flm.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataTest {

  private static final DemoData.Config SMALL = new DemoData.Config(200, 300, 20, 7);

  @Test
  void sameSeedGivesSameData() {
    Dataset a = DemoData.generate(SMALL);
    Dataset b = DemoData.generate(SMALL);
    assertThat(a.interactions().users()).isEqualTo(b.interactions().users());
    assertThat(a.interactions().items()).isEqualTo(b.interactions().items());
    assertThat(a.interactions().ratings()).isEqualTo(b.interactions().ratings());
    assertThat(a.items().defaultText(5)).isEqualTo(b.items().defaultText(5));
    Dataset c = DemoData.generate(new DemoData.Config(200, 300, 20, 8));
    assertThat(c.interactions().items()).isNotEqualTo(a.interactions().items());
  }

  @Test
  void everyItemHasTitleDescriptionAndCategory() {
    Dataset d = DemoData.generate(SMALL);
    assertThat(d.itemIndex().size()).isEqualTo(300);
    assertThat(d.userIndex().size()).isEqualTo(200);
    assertThat(d.itemIndex().isSorted()).isTrue();
    for (int i = 0; i < 300; i++) {
      String text = d.items().defaultText(i);
      assertThat(text).startsWith("title: ").contains(". description: ").contains(". categories: ");
    }
    float[] r = d.interactions().ratings();
    for (float x : r) {
      assertThat(x).isBetween(1f, 5f);
    }
  }

  @Test
  void usersConcentrateOnFewCategoriesSoThereIsSignal() {
    Dataset d = DemoData.generate(SMALL);
    String[][] cats = ((Attributes.CategoricalField) d.items().field("categories")).values();
    List<String> names = List.of(DemoData.categories());
    int[][] perUser = new int[d.userIndex().size()][names.size()];
    Interactions x = d.interactions();
    for (int k = 0; k < x.size(); k++) {
      perUser[x.users()[k]][names.indexOf(cats[x.items()[k]][0])]++;
    }
    double topShare = 0;
    int counted = 0;
    for (int[] row : perUser) {
      int total = 0;
      int max = 0;
      for (int c : row) {
        total += c;
        max = Math.max(max, c);
      }
      if (total >= 10) {
        topShare += (double) max / total;
        counted++;
      }
    }
    // Ten categories: with no taste the favourite would hold about a fifth of a user's events.
    assertThat(topShare / counted).isGreaterThan(0.4);
  }

  @Test
  void writesRatingsAndItemsAsTsv(@TempDir Path dir) throws Exception {
    Dataset d = DemoData.generate(SMALL);
    DemoData.write(d, dir);
    List<String> ratings = Files.readAllLines(dir.resolve("ratings.tsv"));
    assertThat(ratings.get(0)).isEqualTo("user\titem\trating\ttimestamp");
    assertThat(ratings).hasSize(d.interactions().size() + 1);
    assertThat(ratings.get(1).split("\t")).hasSize(4);
    List<String> items = Files.readAllLines(dir.resolve("items.tsv"));
    assertThat(items.get(0)).isEqualTo("item\ttitle\tdescription\tcategories");
    assertThat(items).hasSize(301);
    assertThat(items.get(1).split("\t")).hasSize(4);
  }
}
