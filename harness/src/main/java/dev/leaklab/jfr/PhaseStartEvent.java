package dev.leaklab.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The moment a cell phase starts. The phase's own event is written when it ends, which a child
 * killed mid-phase never reaches; this marker lets its recording still be cut into phases.
 */
@Name(PhaseStartEvent.NAME)
@Label("Cell Phase Start")
@Category({"leaklab"})
@Description("A phase of a leaklab stress cell starts: warmup, load, stop, idle")
@StackTrace(false)
public final class PhaseStartEvent extends Event {

    public static final String NAME = "dev.leaklab.PhaseStart";

    @Label("Phase")
    public String phase;
}
