package dev.leaklab.cli;

import java.time.Duration;

import dev.leaklab.io.Durations;
import dev.leaklab.load.Rate;
import dev.leaklab.scenario.Catalog;
import dev.leaklab.scenario.Scenario;
import picocli.CommandLine;

/** Turns what people type into values, with messages that name what would have been valid. */
final class Converters {

    private Converters() {
    }

    static void register(CommandLine cmd) {
        cmd.registerConverter(Rate.class, text -> wrap(() -> Rate.parse(text)));
        cmd.registerConverter(Duration.class, text -> wrap(() -> Durations.parse(text)));
        cmd.registerConverter(Scenario.class, Converters::scenario);
    }

    static Scenario scenario(String name) {
        return Catalog.find(name).orElseThrow(() -> new CommandLine.TypeConversionException(
                "unknown scenario '" + name + "'; valid: " + Catalog.names()));
    }

    private static <T> T wrap(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
