package dev.flm.data.io;

import dev.flm.data.Dataset;
import dev.flm.data.Impressions;
import java.util.Objects;

/**
 * A loaded data set, the report of how it was read, and impression logs where the source has them
 * (MIND; otherwise null).
 */
public record LoadResult(Dataset dataset, LoadReport report, Impressions impressions) {
  public LoadResult {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(report, "report");
  }

  public LoadResult(Dataset dataset, LoadReport report) {
    this(dataset, report, null);
  }
}
