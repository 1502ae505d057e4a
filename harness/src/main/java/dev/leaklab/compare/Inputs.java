package dev.leaklab.compare;

import dev.leaklab.input.RunJson;
import dev.leaklab.io.UserError;

import java.nio.file.Path;

import dev.leaklab.input.InputFiles;
import dev.leaklab.input.JmhResults;
import dev.leaklab.result.ResultJson;

/**
 * Reads what the user named — a run folder, a {@code run.json} or a JMH JSON file — into one side
 * of a comparison. Opening and identifying the file is {@link InputFiles}'s job, reading each
 * format its one reader's ({@link ResultJson}, {@link JmhResults}).
 */
public final class Inputs {

    private Inputs() {
    }

    public static Dataset read(String given) {
        Path file = InputFiles.resolve(Path.of(given));
        return switch (InputFiles.kind(file)) {
            case LEAKLAB_RUN -> RunReader.read(file.toString(), RunJson.read(file));
            case JMH -> JmhReader.read(file.toString(), JmhResults.of(file, InputFiles.json(file)));
            case THREAD_DUMP, LEAKLAB_THREADS -> throw new UserError(given
                    + ": a thread dump; compare reads runs and JMH results (for dumps, use 'leaklab diff')");
        };
    }
}
