package org.ecgplatform.common;

import java.util.Map;
import java.util.function.Function;

/**
 * Typed values of a flat key → string settings map (the synthetic generator's and the QRS
 * detector's); a value that does not parse is a {@link ConfigException} naming the key.
 */
public final class ConfigValues {
  private ConfigValues() {}

  public static double number(Map<String, String> values, String key) {
    return parse(values, key, Double::parseDouble, "a number");
  }

  public static int integer(Map<String, String> values, String key) {
    return parse(values, key, Integer::parseInt, "an integer");
  }

  public static long longInteger(Map<String, String> values, String key) {
    return parse(values, key, Long::parseLong, "an integer");
  }

  private static <T> T parse(Map<String, String> values, String key, Function<String, T> parser, String expected) {
    String s = values.get(key).strip();
    try {
      return parser.apply(s);
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(key, s, expected);
    }
  }
}
