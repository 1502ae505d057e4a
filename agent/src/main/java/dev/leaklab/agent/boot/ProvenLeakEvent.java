package dev.leaklab.agent.boot;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Virtual threads the garbage collector freed before they ended (proof mode): they were blocked on
 * something nothing could reach any more, so they could never run again. Committed by the agent's
 * prover thread, whose own stack means nothing: the creation site is in the fields.
 */
@Name("dev.leaklab.ProvenLeak")
@Label("Proven Thread Leak")
@Category({"leaklab", "Threads"})
@Description("Virtual threads collected while blocked: they could never run again (leaklab agent, proof mode)")
@StackTrace(false)
final class ProvenLeakEvent extends jdk.jfr.Event {
    @Label("Site")
    @Description("First application frame of the creating thread's stack")
    String site;

    @Label("Creator Stack")
    @Description("The creating thread's stack, one frame a line, innermost first")
    String stack;

    @Label("Count")
    @Description("Threads from this site collected in this batch")
    long count;

    @Label("Thread Name")
    @Description("Name of one of them")
    String threadName;
}
