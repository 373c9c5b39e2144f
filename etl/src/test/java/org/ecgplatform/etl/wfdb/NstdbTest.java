package org.ecgplatform.etl.wfdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ecgplatform.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * The MIT-BIH Noise Stress Test Database: every record's signals match their header checksums,
 * and the six noise levels of 118 and of 119 carry the same annotations.
 */
class NstdbTest {

  @Test
  void everyRecordPassesItsChecksumsAndNoiseLevelsShareAnnotations() throws IOException {
    Path dir = TestData.require("nstdb");
    LocalWfdbStorage storage = new LocalWfdbStorage(dir);
    List<String> records;
    try (Stream<Path> files = Files.list(dir)) {
      records = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hea"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
    }
    assertThat(records).contains("118e06", "119e_6", "bw", "em", "ma");
    for (String r : records) {
      assertThat(WfdbRecord.open(storage, r).requireValidChecksums()).as(r).hasSize(2);
    }
    // The six noise levels of one original share one annotation file's content.
    for (String original : List.of("118", "119")) {
      List<Annotation> first = Annotations.read(storage, original + "e00", "atr");
      assertThat(first).isNotEmpty();
      for (String level : List.of("e06", "e12", "e18", "e24", "e_6")) {
        assertThat(Annotations.read(storage, original + level, "atr")).as(original + level).isEqualTo(first);
      }
    }
  }
}
