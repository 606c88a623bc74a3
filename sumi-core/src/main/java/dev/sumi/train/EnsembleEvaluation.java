package dev.sumi.train;

import java.util.List;

/** The evaluation of an ensemble's averaged probabilities, and of each member on its own. */
public record EnsembleEvaluation(Evaluation ensemble, List<Evaluation> members) {
  public EnsembleEvaluation {
    members = List.copyOf(members);
  }
}
