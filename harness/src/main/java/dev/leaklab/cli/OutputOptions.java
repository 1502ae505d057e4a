package dev.leaklab.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The {@code -o} and {@code --format} options the thread-dump tools share (a picocli mixin). */
final class OutputOptions {

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write to this file instead of standard output (written whole or not at all; '-' is standard output).")
    Path output;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "text (default) or json.")
    Format format;
}
