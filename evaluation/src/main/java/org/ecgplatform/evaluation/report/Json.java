package org.ecgplatform.evaluation.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.evaluation.metrics.Ratio;

/** Jackson helpers shared by the writers: undefined statistics ({@code NaN}) are written as JSON {@code null}. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Puts {@code value}, or {@code null} when it is {@code NaN} or infinite. */
  static void putNumber(ObjectNode node, String key, double value) {
    if (Double.isFinite(value)) {
      node.put(key, value);
    } else {
      node.putNull(key);
    }
  }

  /** {@code {"value": v|null, "numerator": a, "denominator": b}}. */
  static ObjectNode ratio(Ratio r) {
    ObjectNode n = object();
    putNumber(n, "value", r.value());
    n.put("numerator", r.numerator());
    n.put("denominator", r.denominator());
    return n;
  }

  /** The number at {@code node}, {@code NaN} for JSON null or a missing node. */
  static double number(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? Double.NaN : node.asDouble();
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise JSON", e);
    }
  }

  static JsonNode parse(String text, String source) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new EcgPlatformException("Cannot read " + source + ": not valid JSON (" + e.getOriginalMessage() + ")");
    }
  }
}
