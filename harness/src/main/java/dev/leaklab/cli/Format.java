package dev.leaklab.cli;

import java.io.IOException;
import java.io.PrintWriter;

import dev.leaklab.io.Writable;

/** How the dump tools write their results. */
enum Format {
    TEXT, JSON;

    /** Writes a result (a grouped dump, a diff, a leak report) in this format. */
    void write(Writable result, PrintWriter out) throws IOException {
        switch (this) {
            case TEXT -> result.writeText(out);
            case JSON -> result.writeJson(out);
        }
    }
}
