package dev.flm.cli;

import dev.flm.split.SplitProtocol;
import picocli.CommandLine.Option;

/** How to split a data set: {@code --protocol NAME --test-share X --split-seed N}. */
final class SplitOptions {

  @Option(
      names = "--protocol",
      paramLabel = "NAME",
      defaultValue = "user-temporal",
      description =
          "Split protocol (default: ${DEFAULT-VALUE}): user-temporal (per user, the last"
              + " max(1, round(share*n)) events by (timestamp, item id) are test), loo (leave the"
              + " last one out), random, random-per-user, global-temporal (latest share of all"
              + " events, or global-temporal@EPOCH_SECONDS), cold-item, cold-user (a share of"
              + " items or users held out with all their events). NAME:SHARE[:SEED] works too.")
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

  /** The protocol {@code name} with {@code share} unless the name carries its own parameters. */
  static SplitProtocol named(String name, double share, long seed) {
    String n = name.trim();
    boolean parametrised = n.contains(":") || n.contains("@");
    boolean noShare = n.equalsIgnoreCase("loo") || n.equalsIgnoreCase("leave-last-one-out");
    return SplitProtocol.parse(parametrised || noShare ? n : n + ":" + share, seed);
  }
}
