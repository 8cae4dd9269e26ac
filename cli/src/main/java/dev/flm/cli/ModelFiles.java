package dev.flm.cli;

import dev.flm.io.ModelFolder;
import dev.flm.model.ModelType;
import dev.flm.model.Recommender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Saving and loading models through their registered {@link ModelType}. */
final class ModelFiles {
  private ModelFiles() {}

  /** Saves {@code model} to {@code out} atomically (a previous model there is replaced). */
  static void save(Recommender model, Path out) throws IOException {
    ModelType type = ModelType.named(model.type());
    ModelFolder folder = ModelFolder.create(out);
    try {
      type.save(model, folder);
      folder.commit(type.name(), model.provenance());
    } catch (IOException | RuntimeException e) {
      folder.abort();
      throw e;
    }
  }

  /** Loads the model saved in {@code dir}, checking the manifest and checksums. */
  static Recommender load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new UserException(dir + ": no such model folder");
    }
    ModelFolder folder = ModelFolder.open(dir);
    return dev.flm.train.FlmColdStart.adapt(ModelType.named(folder.type()).load(folder), dir);
  }
}
