package org.ecgplatform.etl.beats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.ecgplatform.common.EcgPlatformException;

/**
 * Chooses the ECG lead(s) of a record from its signal descriptions (the WFDB header's signal
 * names), per a {@link LeadPreference}.
 *
 * <p>A signal counts as an ECG lead when its normalised name (upper case, spaces removed) matches
 * one of {@link #ECG_LEAD_PATTERNS}: limb and augmented leads (I, II, III, aVR, aVL, aVF), precordial
 * leads (V1..V6, V3R..), modified limb leads (MLI, MLII, MLIII), modified chest leads (MV1.., MCL1..,
 * CM5..), Holter names (D1..D3) and generic names (ECG, ECG1, ECG 2, "Lead II"). Anything else (ABP,
 * RESP, PLETH, EEG, noise channels) is not.
 */
public final class LeadSelector {
  /** One pattern per family of ECG lead names; matched against the upper-case name without spaces. */
  public static final List<Pattern> ECG_LEAD_PATTERNS =
      List.of(
          Pattern.compile("(LEAD)?I{1,3}"), // standard limb leads I, II, III
          Pattern.compile("(LEAD)?AV[RLF]"), // augmented limb leads
          Pattern.compile("(LEAD)?V[1-9]R?"), // precordial leads, right-sided V3R, V4R
          Pattern.compile("ML(I{1,3}|[1-3])"), // modified limb leads (MIT-BIH MLII)
          Pattern.compile("M?V[1-9]|MCL[1-6]|CM[1-9]|CC[1-9]"), // modified chest / Holter bipolar leads
          Pattern.compile("D[1-3]|DI{1,3}"), // European limb lead names
          Pattern.compile("ECG[-_]?[0-9]*|EKG[-_]?[0-9]*")); // generic ECG channels

  private final LeadPreference preference;

  public LeadSelector(LeadPreference preference) {
    this.preference = preference;
  }

  /** The chosen leads: positions in the record's signal list and their names, first lead first. */
  public record Selection(List<Integer> indexes, List<String> names) {
    public Selection {
      indexes = List.copyOf(indexes);
      names = List.copyOf(names);
    }

    public int leadCount() {
      return indexes.size();
    }
  }

  /** True when {@code signalName} names an ECG lead (see the class comment). */
  public static boolean isEcgLead(String signalName) {
    String n = normalise(signalName);
    return ECG_LEAD_PATTERNS.stream().anyMatch(p -> p.matcher(n).matches());
  }

  /**
   * Selects the lead(s) of a record.
   *
   * <p>With {@link LeadPreference#secondLead()} the selection has two leads when the record has two
   * ECG leads, otherwise one: the caller decides whether such a record is rejected.
   *
   * @param record record name, for the error message
   * @param signalNames the record's signal descriptions, in header order
   * @throws EcgPlatformException when the record has no ECG lead
   */
  public Selection select(String record, List<String> signalNames) {
    int first = firstByName(signalNames, preference.primary(), -1);
    if (first < 0) {
      first = nextEcgLead(signalNames, -1, -1);
    }
    if (first < 0) {
      throw new EcgPlatformException(
          "Cannot select ECG lead of record " + record + ": no ECG lead among signals " + signalNames
              + " (expected names such as MLII, V1, II, ECG1; extend LeadPreference or LeadSelector.ECG_LEAD_PATTERNS)");
    }
    List<Integer> indexes = new ArrayList<>(List.of(first));
    if (preference.secondLead()) {
      int second = firstByName(signalNames, preference.secondary(), first);
      if (second < 0) {
        second = nextEcgLead(signalNames, first, first);
      }
      if (second < 0) {
        second = nextEcgLead(signalNames, -1, first);
      }
      if (second >= 0) {
        indexes.add(second);
      }
    }
    List<String> names = new ArrayList<>();
    for (int i : indexes) {
      names.add(signalNames.get(i));
    }
    return new Selection(indexes, names);
  }

  private static int firstByName(List<String> signalNames, List<String> wanted, int exclude) {
    for (String w : wanted) {
      String nw = normalise(w);
      for (int i = 0; i < signalNames.size(); i++) {
        if (i != exclude && normalise(signalNames.get(i)).equals(nw)) {
          return i;
        }
      }
    }
    return -1;
  }

  /** First ECG lead after position {@code after}, other than {@code exclude}, or -1. */
  private static int nextEcgLead(List<String> signalNames, int after, int exclude) {
    for (int i = after + 1; i < signalNames.size(); i++) {
      if (i != exclude && isEcgLead(signalNames.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static String normalise(String name) {
    return name == null ? "" : name.replace(" ", "").toUpperCase(Locale.ROOT);
  }
}
