package dev.sumi.track;

import java.util.Map;

/**
 * A file a run produced, at {@code path} relative to the run's folder.
 *
 * @param kind one of the {@code KIND_*} names, or any other word
 * @param meta small JSON-ready facts about it (labels, shapes, ...)
 */
public record Artifact(String name, String kind, String path, Map<String, Object> meta) {
  public static final String KIND_MODEL = "model";
  public static final String KIND_CONFUSION_MATRIX = "confusion_matrix";
  public static final String KIND_MISCLASSIFIED = "misclassified";
  public static final String KIND_FILTERS = "filters";
  public static final String KIND_FEATURE_MAPS = "feature_maps";

  public Artifact {
    meta = Map.copyOf(meta);
  }
}
