package org.ecgplatform.training.model;

import org.ecgplatform.common.ConfigException;

/**
 * How {@link BeatModel#saliency} attributes a decision to the inputs.
 *
 * <ul>
 *   <li>{@link #INTEGRATED_GRADIENTS} (Sundararajan, Taly and Yan, "Axiomatic attribution for deep
 *       networks", ICML 2017): the gradient of {@code log p(c)} averaged along the straight path from
 *       a baseline input to the beat's input, times the difference between the two. The baseline is
 *       the training mean of every input (a flat line at each lead's mean level, RR features at
 *       their means), i.e. zero after normalisation. The attributions are in nats and add up
 *       ("completeness") to {@code log p(c | input) - log p(c | baseline)}, so each sample, each RR
 *       feature and each neighbouring beat gets its share of the decision, with a sign: positive
 *       for evidence for the class, negative against it. The default: a confident decision
 *       saturates the softmax and the LSTM gates, and there the plain gradient is small exactly
 *       on the evidence that made it (a test trains such a network: the plain gradient peaks on
 *       the window's last samples, next to the LSTM's output, not on the deciding bump).
 *   <li>{@link #GRADIENT} ("vanilla" saliency: Simonyan, Vedaldi and Zisserman 2014): {@code ∂ log
 *       p(c) / ∂ input} at the input, per mV for window samples and per training standard deviation
 *       for RR features: where a small change would move the decision most. One backward pass;
 *       local sensitivity, not attribution.
 * </ul>
 */
public enum SaliencyMethod {
  INTEGRATED_GRADIENTS,
  GRADIENT;

  /** Parses a configuration value ({@code integrated-gradients} or {@code gradient}, any case), naming {@code key}. */
  public static SaliencyMethod parse(String key, String value) {
    for (SaliencyMethod m : values()) {
      if (value != null && m.configName().equalsIgnoreCase(value.trim())) {
        return m;
      }
    }
    throw ConfigException.invalid(key, value, "integrated-gradients or gradient");
  }

  /** The configuration spelling: {@code integrated-gradients} or {@code gradient}. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
