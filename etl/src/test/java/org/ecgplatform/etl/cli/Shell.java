package org.ecgplatform.etl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command of the submit scripts' tests (bash with a script or a sourced library). */
final class Shell {
  private Shell() {}

  /** A finished command: its exit status and its standard output and error, each stripped. */
  record Result(int status, String out, String err) {}

  /** Runs {@code cmd} with no input and waits up to a minute for it. */
  static Result run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> text(p.getErrorStream()));
    String out = text(p.getInputStream());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bash finished").isTrue();
    return new Result(p.exitValue(), out.strip(), err.get().strip());
  }

  private static String text(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
