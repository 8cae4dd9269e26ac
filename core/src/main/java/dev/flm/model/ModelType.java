package dev.flm.model;

import dev.flm.io.ModelFolder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * A kind of model, registered by name through {@link ServiceLoader} ({@code
 * META-INF/services/dev.flm.model.ModelType}) so the CLI can train and load any model a module on
 * the class path provides without knowing it: {@code random} and {@code mostpop} in core, {@code
 * text} in the text module, {@code flm} in the train module.
 */
public interface ModelType {

  /** Unique lower-case name used on the command line. */
  String name();

  /** One line for {@code --help}. */
  String description();

  /** A trainer configured from {@code params}; rejects bad or unknown params naming the field. */
  Trainer trainer(Params params);

  /** Writes {@code model} (made by this type) into {@code folder}. */
  void save(Recommender model, ModelFolder folder) throws IOException;

  /** Reads a model that {@link #save} wrote. */
  Recommender load(ModelFolder folder) throws IOException;

  /** All registered types by name. */
  static TreeMap<String, ModelType> all() {
    TreeMap<String, ModelType> m = new TreeMap<>();
    for (ModelType t : ServiceLoader.load(ModelType.class)) {
      ModelType prev = m.put(t.name(), t);
      if (prev != null && prev.getClass() != t.getClass()) {
        throw new IllegalStateException(
            "two model types named '" + t.name() + "': " + prev.getClass() + ", " + t.getClass());
      }
    }
    return m;
  }

  /** The type called {@code name}; the error lists the known names. */
  static ModelType named(String name) {
    TreeMap<String, ModelType> all = all();
    ModelType t = all.get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "unknown model '" + name + "'; known models: " + new ArrayList<>(all.keySet()));
    }
    return t;
  }

  /** Names of all registered types. */
  static List<String> names() {
    return new ArrayList<>(all().keySet());
  }
}
