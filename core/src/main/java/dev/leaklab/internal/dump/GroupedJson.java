package dev.leaklab.internal.dump;

import com.fasterxml.jackson.core.JsonParser;

/**
 * leaklab's grouped JSON ({@code leaklab dump --format json}) as a dump reader found it: the parser
 * just past its first field, and how messages name the file. Internal, so that the public
 * {@code DumpVisitor} names no Jackson type.
 */
public record GroupedJson(JsonParser parser, String what) {
}
