package dev.flm.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A synthetic demo data set, so FLM can run end to end offline with nothing downloaded: a catalogue
 * of books whose titles, descriptions and categories are assembled from word lists, and readers
 * with hidden tastes (a mix of one to three favourite categories) who pick books with probability
 * rising with taste and popularity, rate them 1-5 and do so over time.
 *
 * <p>Nothing here is real data. Because tastes follow categories and categories show in the text,
 * both collaborative and text models have signal to find, and popularity alone beats random, so an
 * evaluation on it ranks models in a sensible order. Generation is deterministic for a seed.
 */
public final class DemoData {
  private DemoData() {}

  /** Size and seed of a demo data set. */
  public record Config(int users, int items, int meanPerUser, long seed) {
    public Config {
      if (users < 1 || items < 2 || meanPerUser < 1) {
        throw new IllegalArgumentException(
            "demo data needs users >= 1, items >= 2, meanPerUser >= 1; got users="
                + users
                + ", items="
                + items
                + ", meanPerUser="
                + meanPerUser);
      }
    }

    /** The quickstart's size: 1,000 readers, 1,500 books, about 30 ratings each. */
    public static Config standard() {
      return new Config(1000, 1500, 30, 42);
    }
  }

  /** One category's words: title nouns and adjectives, description subjects, places, themes. */
  private record Genre(
      String name,
      String[] adjectives,
      String[] nouns,
      String[] subjects,
      String[] places,
      String[] themes) {}

  private static final Genre[] GENRES = {
    new Genre(
        "science fiction",
        new String[] {"Distant", "Silent", "Quantum", "Last", "Hollow", "Burning", "Frozen"},
        new String[] {"Stars", "Orbit", "Colony", "Signal", "Nebula", "Machine", "Horizon"},
        new String[] {
          "a starship engineer", "an android", "the crew of a generation ship", "a rogue AI"
        },
        new String[] {"on a dying moon", "aboard a derelict station", "beyond the galactic rim"},
        new String[] {"first contact", "time dilation", "what makes us human", "terraforming"}),
    new Genre(
        "mystery",
        new String[] {"Quiet", "Crooked", "Missing", "Seventh", "Locked", "Midnight", "Cold"},
        new String[] {"Harbor", "Key", "Witness", "Alibi", "Room", "Letter", "Verdict"},
        new String[] {"a retired detective", "a young reporter", "a village constable"},
        new String[] {"in a fog-bound fishing town", "in a country house", "in old Edinburgh"},
        new String[] {
          "a decades-old murder", "a stolen will", "a poisoned dinner", "a false alibi"
        }),
    new Genre(
        "romance",
        new String[] {"Summer", "Sweet", "Second", "Secret", "Golden", "Unexpected", "Tender"},
        new String[] {"Promise", "Kiss", "Season", "Heart", "Wedding", "Letters", "Vineyard"},
        new String[] {"a florist", "a widowed baker", "two rival architects", "a runaway bride"},
        new String[] {"in a seaside village", "in Paris", "on a Tuscan vineyard"},
        new String[] {"second chances", "a fake engagement", "love across class", "old flames"}),
    new Genre(
        "fantasy",
        new String[] {"Iron", "Shadow", "Dragon", "Crimson", "Elder", "Broken", "Wild"},
        new String[] {"Crown", "Throne", "Blade", "Forest", "Prophecy", "Queen", "Gate"},
        new String[] {"a farm girl with hidden magic", "an exiled prince", "a thief and a wizard"},
        new String[] {"in a realm of warring kingdoms", "beyond the enchanted wall"},
        new String[] {"an ancient prophecy", "a cursed sword", "the return of dragons"}),
    new Genre(
        "history",
        new String[] {"Great", "Forgotten", "Imperial", "Lost", "Long", "Bitter", "First"},
        new String[] {"Empire", "War", "Revolution", "Dynasty", "Republic", "Voyage", "Century"},
        new String[] {"historians", "a celebrated scholar", "a war correspondent"},
        new String[] {"in medieval Europe", "in the Ming dynasty", "in ancient Rome"},
        new String[] {"the fall of an empire", "trade routes", "the printing press", "plague"}),
    new Genre(
        "cooking",
        new String[] {"Simple", "Salt", "Slow", "Green", "Honest", "Sunday", "Rustic"},
        new String[] {"Kitchen", "Table", "Bread", "Feast", "Pantry", "Spices", "Harvest"},
        new String[] {"a celebrated chef", "a home cook", "a family of bakers"},
        new String[] {"from the Mediterranean", "from Sichuan", "from a farmhouse kitchen"},
        new String[] {"seasonal vegetables", "sourdough", "weeknight dinners", "fermentation"}),
    new Genre(
        "business",
        new String[] {"Lean", "Bold", "Winning", "Smart", "Scaling", "Radical", "Effective"},
        new String[] {"Strategy", "Startup", "Leader", "Markets", "Habits", "Growth", "Deal"},
        new String[] {"a founder", "a management consultant", "a venture investor"},
        new String[] {"in Silicon Valley", "across global markets", "in a family firm"},
        new String[] {"negotiation", "building teams", "pricing", "product strategy"}),
    new Genre(
        "travel",
        new String[] {"Wandering", "Open", "Northern", "Far", "Salt-Stained", "Hidden", "Slow"},
        new String[] {"Road", "Journey", "Islands", "Trails", "Atlas", "Passage", "Coast"},
        new String[] {"a travel writer", "two cyclists", "a photographer"},
        new String[] {"across Patagonia", "along the Silk Road", "through the Scottish Highlands"},
        new String[] {"local food", "night trains", "remote villages", "mountain passes"}),
    new Genre(
        "horror",
        new String[] {"Hungry", "Pale", "Rotting", "Whispering", "Black", "Haunted", "Drowned"},
        new String[] {"House", "Woods", "Doll", "Well", "Church", "Asylum", "Night"},
        new String[] {"a grieving mother", "a group of students", "a night-shift nurse"},
        new String[] {"in an abandoned asylum", "in a snowbound motel", "deep in the woods"},
        new String[] {"a family curse", "possession", "something under the floorboards"}),
    new Genre(
        "science",
        new String[] {"Hidden", "Elegant", "Living", "Invisible", "Deep", "Curious", "Brief"},
        new String[] {"Universe", "Cell", "Brain", "Genes", "Ocean", "Atoms", "Climate"},
        new String[] {"a physicist", "a neuroscientist", "a marine biologist"},
        new String[] {"from the lab bench", "at the edge of known physics", "in the deep sea"},
        new String[] {"evolution", "quantum mechanics", "memory", "the origins of life"}),
  };

  private static final String[] OPENERS = {
    "A gripping story of", "An unforgettable account of", "The acclaimed new book about",
    "A warm and witty tale of", "A sweeping, ambitious work on", "A short, sharp book on"
  };

  /** Category names, in the order tastes refer to them. */
  public static String[] categories() {
    String[] out = new String[GENRES.length];
    for (int g = 0; g < GENRES.length; g++) {
      out[g] = GENRES[g].name;
    }
    return out;
  }

  /** A demo data set of the {@linkplain Config#standard() standard} size. */
  public static Dataset generate() {
    return generate(Config.standard());
  }

  /**
   * Generates the data set: items with fields {@code title}, {@code description} (text) and {@code
   * categories} (categorical); users with no side information; ratings 1-5 with timestamps. Ids are
   * decimal numbers from 1, indices in id order.
   */
  public static Dataset generate(Config cfg) {
    SplittableRandom rnd = new SplittableRandom(cfg.seed());
    int nG = GENRES.length;
    int items = cfg.items();
    int[] main = new int[items];
    int[] second = new int[items];
    double[] pop = new double[items];
    String[] titles = new String[items];
    String[] descriptions = new String[items];
    String[][] cats = new String[items][];
    Set<String> usedTitles = new HashSet<>();
    for (int i = 0; i < items; i++) {
      main[i] = rnd.nextInt(nG);
      second[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(nG) : main[i];
      // Heavy-tailed popularity, shuffled with respect to id.
      pop[i] = Math.pow(1 - rnd.nextDouble(), -0.6);
      Genre g = GENRES[main[i]];
      titles[i] = uniqueTitle(g, rnd, usedTitles);
      descriptions[i] = description(g, GENRES[second[i]], rnd);
      cats[i] =
          second[i] == main[i]
              ? new String[] {g.name}
              : new String[] {g.name, GENRES[second[i]].name};
    }

    int users = cfg.users();
    int cap = users * cfg.meanPerUser() * 3;
    int[] us = new int[cap];
    int[] is = new int[cap];
    float[] rs = new float[cap];
    long[] ts = new long[cap];
    int n = 0;
    double[] taste = new double[nG];
    double[] w = new double[items];
    boolean[] taken = new boolean[items];
    long start = 1_600_000_000L; // 2020-09-13
    for (int u = 0; u < users; u++) {
      Arrays.fill(taste, 0.05);
      int favourites = 1 + rnd.nextInt(3);
      for (int f = 0; f < favourites; f++) {
        taste[rnd.nextInt(nG)] += 1.0 / (f + 1);
      }
      double total = 0;
      for (int i = 0; i < items; i++) {
        double t = 0.75 * taste[main[i]] + 0.25 * taste[second[i]];
        w[i] = pop[i] * Math.exp(4 * t);
        total += w[i];
      }
      // Activity is heavy-tailed too: a few readers rate a lot, most rate a little.
      int count =
          (int)
              Math.min(
                  Math.min(items, cap - n),
                  Math.max(3, Math.round(cfg.meanPerUser() * -Math.log(1 - rnd.nextDouble()))));
      Arrays.fill(taken, false);
      long t = start + rnd.nextInt(365 * 86_400);
      for (int c = 0; c < count; c++) {
        int chosen = -1;
        for (int attempt = 0; attempt < 30 && chosen < 0; attempt++) {
          double x = rnd.nextDouble() * total;
          int i = 0;
          while (i < items - 1 && (x -= w[i]) > 0) {
            i++;
          }
          chosen = taken[i] ? -1 : i;
        }
        if (chosen < 0) {
          break;
        }
        taken[chosen] = true;
        double like = 0.75 * taste[main[chosen]] + 0.25 * taste[second[chosen]];
        us[n] = u;
        is[n] = chosen;
        rs[n] = (float) Math.max(1, Math.min(5, Math.round(2.2 + 2.5 * like + rnd.nextGaussian())));
        t += 600 + rnd.nextInt(4 * 86_400);
        ts[n] = t;
        n++;
      }
    }

    IdIndex userIdx = numbered(users);
    IdIndex itemIdx = numbered(items);
    Interactions inter =
        new Interactions(
            userIdx,
            itemIdx,
            Arrays.copyOf(us, n),
            Arrays.copyOf(is, n),
            Arrays.copyOf(rs, n),
            Arrays.copyOf(ts, n));
    Map<String, Attributes.Field> fields = new LinkedHashMap<>();
    fields.put("title", new Attributes.TextField("title", titles));
    fields.put("description", new Attributes.TextField("description", descriptions));
    fields.put("categories", new Attributes.CategoricalField("categories", cats));
    return new Dataset(
        "flm-demo(seed=" + cfg.seed() + ")", inter, new Attributes(itemIdx, fields), null);
  }

  /**
   * Writes a demo data set as {@code ratings.tsv} (header {@code user item rating timestamp}) and
   * {@code items.tsv} (header {@code item title description categories}, categories separated by
   * {@code |}) into {@code dir}; returns {@code dir}.
   */
  public static Path write(Dataset demo, Path dir) throws IOException {
    Files.createDirectories(dir);
    Interactions x = demo.interactions();
    try (BufferedWriter out =
        Files.newBufferedWriter(dir.resolve("ratings.tsv"), StandardCharsets.UTF_8)) {
      out.write("user\titem\trating\ttimestamp\n");
      for (int k = 0; k < x.size(); k++) {
        out.write(
            x.userIndex().idOf(x.users()[k])
                + '\t'
                + x.itemIndex().idOf(x.items()[k])
                + '\t'
                + (int) x.rating(k)
                + '\t'
                + x.timestamps()[k]
                + '\n');
      }
    }
    Attributes a = demo.items();
    String[] titles = ((Attributes.TextField) a.field("title")).values();
    String[] desc = ((Attributes.TextField) a.field("description")).values();
    String[][] cats = ((Attributes.CategoricalField) a.field("categories")).values();
    try (BufferedWriter out =
        Files.newBufferedWriter(dir.resolve("items.tsv"), StandardCharsets.UTF_8)) {
      out.write("item\ttitle\tdescription\tcategories\n");
      for (int i = 0; i < a.index().size(); i++) {
        out.write(
            a.index().idOf(i)
                + '\t'
                + titles[i]
                + '\t'
                + desc[i]
                + '\t'
                + String.join("|", cats[i])
                + '\n');
      }
    }
    return dir;
  }

  private static String title(Genre g, SplittableRandom rnd) {
    String adj = pick(g.adjectives, rnd);
    String noun = pick(g.nouns, rnd);
    String other = pick(g.nouns, rnd);
    switch (rnd.nextInt(5)) {
      case 0:
        return "The " + adj + " " + noun;
      case 1:
        return noun + " of the " + adj + " " + other;
      case 2:
        return adj + " " + noun + ": A Novel";
      case 3:
        return "The " + noun + " and the " + other;
      default:
        return "Beyond the " + adj + " " + noun;
    }
  }

  /** A title not used yet in this catalogue (numbered as a sequel when the words run out). */
  private static String uniqueTitle(Genre g, SplittableRandom rnd, Set<String> used) {
    String t = title(g, rnd);
    for (int attempt = 0; attempt < 20 && used.contains(t); attempt++) {
      t = title(g, rnd);
    }
    String base = t;
    for (int part = 2; used.contains(t); part++) {
      t = base + ", Part " + part;
    }
    used.add(t);
    return t;
  }

  private static String description(Genre g, Genre other, SplittableRandom rnd) {
    String s =
        pick(OPENERS, rnd)
            + " "
            + pick(g.subjects, rnd)
            + " "
            + pick(g.places, rnd)
            + ", exploring "
            + pick(g.themes, rnd)
            + ".";
    if (other != g) {
      s += " Readers of " + other.name + " will enjoy its take on " + pick(other.themes, rnd) + ".";
    }
    return s;
  }

  private static String pick(String[] words, SplittableRandom rnd) {
    return words[rnd.nextInt(words.length)];
  }

  private static IdIndex numbered(int n) {
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = Integer.toString(i + 1);
    }
    return IdIndex.of(ids);
  }
}
