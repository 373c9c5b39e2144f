package org.ecgplatform.training.data;

/**
 * How one epoch's beats are laid out for parameter averaging so that every beat is fitted.
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
 * @param beats training beats in the split
 * @param batchSize beats per minibatch
 * @param workers workers per round
 * @param frequency minibatches per worker per round
 */
public record EpochPlan(long beats, int batchSize, int workers, int frequency) implements java.io.Serializable {

  public EpochPlan {
    if (beats <= 0 || batchSize <= 0 || workers <= 0 || frequency <= 0) {
      throw new IllegalArgumentException(
          "Cannot plan an epoch: beats " + beats + ", batch " + batchSize + ", workers " + workers
              + ", frequency " + frequency + " must all be positive");
    }
  }

  /** Beats fitted in one averaging round. */
  public long beatsPerRound() {
    return (long) batchSize * workers * frequency;
  }

  /** Averaging rounds per epoch. */
  public int rounds() {
    return (int) ((beats + beatsPerRound() - 1) / beatsPerRound());
  }

  /** Beats fitted per epoch, padding included. */
  public long slots() {
    return rounds() * beatsPerRound();
  }

  /** Beats fitted twice per epoch. */
  public long padding() {
    return slots() - beats;
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
