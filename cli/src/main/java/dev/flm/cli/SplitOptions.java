package dev.flm.cli;

import dev.flm.split.SplitProtocol;
import java.util.List;
import picocli.CommandLine.Option;

/** How to split a data set: {@code --protocol NAME --test-share X --split-seed N}. */
final class SplitOptions {

  /** Protocol names this build knows. */
  static final List<String> NAMES = List.of("user-temporal", "cold-item");

  @Option(
      names = "--protocol",
      paramLabel = "NAME",
      defaultValue = "user-temporal",
      description = {
        "Split protocol (default: ${DEFAULT-VALUE}). user-temporal: per user, the last",
        "max(1, round(share*n)) events by (timestamp, item id) are test; cold-item: a share",
        "of items with all their events is test."
      })
  String protocol;

  @Option(
      names = "--test-share",
      paramLabel = "X",
      defaultValue = "0.2",
      description = "Share held out for test (default: ${DEFAULT-VALUE}).")
  double testShare;

  @Option(
      names = "--split-seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Seed of random splits (default: ${DEFAULT-VALUE}).")
  long splitSeed;

  SplitProtocol protocol() {
    return named(protocol, testShare, splitSeed);
  }

  static SplitProtocol named(String name, double share, long seed) {
    return switch (name) {
      case "user-temporal" -> SplitProtocol.userTemporal(share);
      case "cold-item" -> SplitProtocol.coldItem(share, seed);
      default ->
          throw new UserException("unknown protocol '" + name + "'; known protocols: " + NAMES);
    };
  }
}
