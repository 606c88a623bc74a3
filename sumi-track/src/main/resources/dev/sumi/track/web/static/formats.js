// How the dashboard reads artifact files. Every format assumption lives here.
"use strict";

const formats = {
  /** A confusion matrix file: {labels: [...], counts: [[...], ...]} (rows true, columns predicted). */
  confusion(json) {
    const counts = Array.isArray(json.counts) ? json.counts : json.matrix;
    if (!Array.isArray(counts)) throw new Error("confusion matrix file has no counts array");
    const labels = Array.isArray(json.labels) ? json.labels.map(String) : counts.map((_, i) => String(i));
    return { labels, counts: counts.map((row) => row.map(Number)) };
  },

  /**
   * A misclassified-examples file: a list (or {entries|examples: [...]}) of
   * {index, label, predicted, probabilities, image}, image a PNG path relative to the run folder.
   */
  misclassified(json) {
    const list = Array.isArray(json) ? json : json.entries || json.examples || [];
    return list.map((e) => {
      const probs = Array.isArray(e.probabilities) ? e.probabilities.map(Number) : [];
      const predicted = e.predicted;
      const p = typeof predicted === "number" && probs[predicted] !== undefined
        ? probs[predicted] : (probs.length ? Math.max(...probs) : null);
      return { index: e.index, label: e.label, predicted, probability: p, image: e.image };
    });
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
