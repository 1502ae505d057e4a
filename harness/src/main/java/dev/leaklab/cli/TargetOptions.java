package dev.leaklab.cli;

import java.time.Duration;

import dev.leaklab.internal.dump.Targets;
import dev.leaklab.io.Durations;
import dev.leaklab.io.UserError;
import picocli.CommandLine.Option;

/** {@code --timeout}, which every command that talks to a pid has (a picocli mixin). */
final class TargetOptions {

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "How long a JVM given by pid may take to answer: to attach, and between two parts of its dump "
                    + "(default: 20s). A JVM silent for longer (kill -STOP, hung) ends the command with one line and exit code 9.")
    Duration timeout;

    Duration timeout() {
        if (timeout == null) {
            return Targets.DEFAULT_TIMEOUT;
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new UserError("--timeout must be more than 0, e.g. --timeout " + Durations.format(Targets.DEFAULT_TIMEOUT));
        }
        return timeout;
    }
}
