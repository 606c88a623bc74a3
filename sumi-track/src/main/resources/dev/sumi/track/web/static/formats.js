// How the dashboard reads artifact files. Every format assumption lives here.
"use strict";

const formats = {
  /**
   * A confusion matrix file: {labels, counts: [[...], ...], rows, columns}, counts[true][predicted];
   * rows and columns name the axes (e.g. "true class", "predicted class").
   */
  confusion(json) {
    if (!Array.isArray(json.counts)) throw new Error("confusion matrix file has no counts array");
    const labels = Array.isArray(json.labels) ? json.labels.map(String) : json.counts.map((_, i) => String(i));
    return {
      labels,
      counts: json.counts.map((row) => row.map(Number)),
      rows: typeof json.rows === "string" ? json.rows : "true",
      columns: typeof json.columns === "string" ? json.columns : "predicted",
    };
  },

  /**
   * The misclassified-examples file RunArtifacts writes: {sprite, tile_width, tile_height, gap,
   * columns, examples: [{index, true_label, predicted_label, true_class, predicted_class,
   * probabilities, column, row}]}. The sprite path is relative to the file's own folder; tile
   * (column, row) starts at (column * (tile_width + gap), row * (tile_height + gap)) in it.
   * Returns the sprite's path relative to the run folder, the tile size and per example the
   * tile's top-left corner and the probability given to the predicted class.
   */
  misclassified(json, jsonPath) {
    const folder = jsonPath.includes("/") ? jsonPath.slice(0, jsonPath.lastIndexOf("/") + 1) : "";
    const width = Number(json.tile_width);
    const height = Number(json.tile_height);
    const gap = Number(json.gap ?? 1);
    if (typeof json.sprite !== "string" || !(width > 0) || !(height > 0) || !Array.isArray(json.examples)) {
      throw new Error("misclassified file needs sprite, tile_width, tile_height and examples");
    }
    const examples = json.examples.map((e) => {
      const probs = Array.isArray(e.probabilities) ? e.probabilities.map(Number) : [];
      return {
        index: e.index,
        trueClass: e.true_class ?? e.true_label,
        predictedClass: e.predicted_class ?? e.predicted_label,
        probability: probs[e.predicted_label] ?? null,
        x: e.column * (width + gap),
        y: e.row * (height + gap),
      };
    });
    return { sprite: folder + json.sprite, width, height, examples };
  },

  /** Images of a filters or feature-maps artifact: the file itself when PNG, else its {images: [...]}. */
  async images(artifact, fetchJson) {
    if (/\.png$/i.test(artifact.path)) return [artifact.path];
    if (/\.json$/i.test(artifact.path)) {
      const json = await fetchJson(artifact.path);
      return (Array.isArray(json) ? json : json.images || []).map((i) => (typeof i === "string" ? i : i.image));
    }
    return [];
  },
};
