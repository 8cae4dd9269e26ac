package dev.flm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code flm train} (being written). */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Not available yet.")
final class TrainCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("flm train is not available in this build yet");
  }
}
