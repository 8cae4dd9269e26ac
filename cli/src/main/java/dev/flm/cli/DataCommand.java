package dev.flm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code flm data} (being written). */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Not available yet.")
final class DataCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("flm data is not available in this build yet");
  }
}
