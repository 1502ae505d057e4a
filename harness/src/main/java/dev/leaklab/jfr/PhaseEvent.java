package dev.leaklab.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One phase of a stress cell (warmup, load, stop, idle): its start and duration mark the series. */
@Name(PhaseEvent.NAME)
@Label("Cell Phase")
@Category({"leaklab"})
@Description("A phase of a leaklab stress cell: warmup, load at the offered rate, stop (the variant's shutdown), idle tail")
@StackTrace(false)
public final class PhaseEvent extends Event {

    public static final String NAME = "dev.leaklab.Phase";

    @Label("Phase")
    public String phase;

    @Label("Operations")
    @Description("Operations offered during the phase")
    public long operations;
}
