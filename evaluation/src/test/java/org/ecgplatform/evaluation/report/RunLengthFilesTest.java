package org.ecgplatform.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.ecgplatform.common.EcgPlatformException;
import org.ecgplatform.etl.beats.AamiClass;
import org.ecgplatform.evaluation.metrics.ClassMapping;
import org.ecgplatform.evaluation.metrics.RunLengthSensitivity;
import org.ecgplatform.evaluation.metrics.RunLengthSensitivity.Context;
import org.junit.jupiter.api.Test;

class RunLengthFilesTest {
  @Test
  void writesOneRowPerClassAndContextAndReadsBack() {
    RunLengthSensitivity s = new RunLengthSensitivity()
        .add(AamiClass.S, Context.ISOLATED, 282, 235)
        .add(AamiClass.S, Context.RUN, 6, 0)
        .add(AamiClass.V, Context.COUPLET, 4, 4);
    String csv = RunLengthFiles.toCsv(s, ClassMapping.AAMI);
    List<String> lines = csv.lines().toList();
    assertThat(lines).hasSize(7);
    assertThat(lines.get(0)).isEqualTo("class,context,run_length,beats,detected,sensitivity,class_mapping");
    assertThat(lines.get(1)).isEqualTo("S,isolated,1,282,235,0.833333,aami");
    assertThat(lines.get(2)).isEqualTo("S,couplet,2,0,0,,aami");
    assertThat(lines.get(3)).isEqualTo("S,run,3+,6,0,0.000000,aami");

    RunLengthSensitivity back = RunLengthFiles.parse(csv, "x.csv");
    for (AamiClass c : RunLengthSensitivity.CLASSES) {
      for (Context context : Context.values()) {
        assertThat(back.sensitivity(c, context)).isEqualTo(s.sensitivity(c, context));
      }
    }
  }

  @Test
  void aFileOfAnotherKindIsRefusedByName() {
    assertThatThrownBy(() -> RunLengthFiles.parse("record,reference,predicted,count\n100,N,N,5\n", "runs/a/metrics.csv"))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("Cannot read runs/a/metrics.csv")
        .hasMessageContaining("sensitivity_by_run_length.csv");
    assertThatThrownBy(() -> RunLengthFiles.parse(
        "class,context,run_length,beats,detected,sensitivity,class_mapping\nS,triplet,3,1,1,1,aami\n", "y.csv"))
        .isInstanceOf(EcgPlatformException.class)
        .hasMessageContaining("'triplet'");
  }
}
