package org.ecgplatform.training.data;

/**
 * How one epoch's examples (beats for the per-beat model, sequences for the beat-sequence model;
 * "beats" below) are laid out for parameter averaging so that every one is fitted.
 *
 * <p>DL4J's {@code ParameterAveragingTrainingMaster} fits at most {@code averagingFrequency}
 * minibatches per worker per averaging round and rounds the number of rounds down, so a plain RDD
 * loses up to {@code workers × frequency − 1} minibatches per epoch without a word. Instead, the
 * epoch's shuffled beats are padded to a whole number of rounds and handed over one round at a
 * time, each round exactly {@code workers} partitions of exactly {@code frequency} minibatches of
 * exactly {@code batchSize} beats. Padding repeats the first {@link #padding()} beats of the same
 * shuffle (fewer than one round: at most {@code workers × frequency × batchSize − 1} beats, each
 * fitted twice that epoch).
 *
 * @param examples training examples per epoch (beats, or sequences of beats)
 * @param batchSize examples per minibatch
 * @param workers workers per round
 * @param frequency minibatches per worker per round
 */
public record EpochPlan(long examples, int batchSize, int workers, int frequency) implements java.io.Serializable {

  public EpochPlan {
    if (examples <= 0 || batchSize <= 0 || workers <= 0 || frequency <= 0) {
      throw new IllegalArgumentException(
          "Cannot plan an epoch: examples " + examples + ", batch " + batchSize + ", workers " + workers
              + ", frequency " + frequency + " must all be positive");
    }
  }

  /** Examples fitted in one averaging round. */
  public long examplesPerRound() {
    return (long) batchSize * workers * frequency;
  }

  /** Averaging rounds per epoch. */
  public int rounds() {
    return (int) ((examples + examplesPerRound() - 1) / examplesPerRound());
  }

  /** Beats fitted per epoch, padding included. */
  public long slots() {
    return rounds() * examplesPerRound();
  }

  /** Beats fitted twice per epoch. */
  public long padding() {
    return slots() - examples;
  }

  /** Minibatches per epoch. */
  public long batches() {
    return slots() / batchSize;
  }

  /** Spark partition (round × workers + worker) of the beat at shuffled position {@code slot}. */
  public int partitionOf(long slot) {
    long batch = slot / batchSize;
    long round = batch / ((long) workers * frequency);
    long worker = (batch % ((long) workers * frequency)) / frequency;
    return (int) (round * workers + worker);
  }

  /** Partitions of an epoch: one per worker per round. */
  public int partitions() {
    return rounds() * workers;
  }
}
