package dev.leaklab.origins;

/** Live threads started from one creation site ({@code pkg.Class.method(File.java:42)}). */
public record SiteCount(String site, int live) {
}
