package dev.cnnspec.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code cnn} in-process and captures its exit status and streams. */
record Cli(int status, String out, String err) {
  static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = CnnCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Cli(status, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
