package org.ecgplatform.etl.beats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ecgplatform.common.ConfigException;

/**
 * Leave-patients-out cross-validation inside de Chazal's training set DS1, so that every choice of
 * model and settings can be made without looking at the test set DS2 ({@link DeChazalSplit}).
 *
 * <p>DS1's 22 records are partitioned into folds; fold {@code k} is the test split, its own
 * validation records (for early stopping; records of other folds) the validation split, and the
 * remaining DS1 records the training split. DS2 and the paced records are excluded: a
 * cross-validation dataset never contains them. Each record is one patient within DS1, so no
 * patient is on two sides.
 *
 * @param folds the DS1 records of each fold; together exactly DS1, each record once
 * @param validation per fold, the records used for early stopping when that fold is tested
 * @param fold the fold tested by this dataset
 */
public record DeChazalCrossValidation(List<List<String>> folds, List<List<String>> validation, int fold)
    implements SplitAssigner, java.io.Serializable {

  public DeChazalCrossValidation {
    folds = folds.stream().map(List::copyOf).toList();
    validation = validation.stream().map(List::copyOf).toList();
    if (folds.size() < 2) {
      throw ConfigException.invalid("etl.split.cv.folds", folds, "at least 2 folds of DS1 records");
    }
    Set<String> seen = new HashSet<>();
    for (List<String> f : folds) {
      for (String r : f) {
        if (!DeChazalSplit.DS1.contains(r)) {
          throw ConfigException.invalid("etl.split.cv.folds", r, "DS1 records only (" + DeChazalSplit.DS1 + ")");
        }
        if (!seen.add(r)) {
          throw ConfigException.invalid("etl.split.cv.folds", r, "each DS1 record in exactly one fold");
        }
      }
    }
    if (seen.size() != DeChazalSplit.DS1.size()) {
      List<String> missing = new ArrayList<>(DeChazalSplit.DS1);
      missing.removeAll(seen);
      throw ConfigException.invalid("etl.split.cv.folds", folds, "all 22 DS1 records; missing " + missing);
    }
    if (validation.size() != folds.size()) {
      throw ConfigException.invalid("etl.split.cv.validation", validation,
          "one list of validation records per fold (" + folds.size() + " folds)");
    }
    for (int k = 0; k < folds.size(); k++) {
      for (String r : validation.get(k)) {
        if (!DeChazalSplit.DS1.contains(r) || folds.get(k).contains(r)) {
          throw ConfigException.invalid("etl.split.cv.validation", r,
              "DS1 records outside fold " + k + " " + folds.get(k));
        }
      }
    }
    if (fold < 0 || fold >= folds.size()) {
      throw ConfigException.invalid("etl.split.cv.fold", fold, "a fold index in 0.." + (folds.size() - 1));
    }
  }

  @Override
  public Split assign(String database, String record) {
    if (folds.get(fold).contains(record)) {
      return Split.TEST;
    }
    if (validation.get(fold).contains(record)) {
      return Split.VALIDATION;
    }
    if (DeChazalSplit.DS1.contains(record)) {
      return Split.TRAIN;
    }
    if (DeChazalSplit.DS2.contains(record) || DeChazalSplit.PACED.contains(record)) {
      return Split.EXCLUDED;
    }
    throw ConfigException.invalid("record of " + database, record,
        "one of the 48 MIT-BIH Arrhythmia records; cross-validation folds are for MIT-BIH DS1");
  }
}
