package dev.leaklab.cli;

/** How the dump tools write their results. */
enum Format {
    TEXT, JSON
}
