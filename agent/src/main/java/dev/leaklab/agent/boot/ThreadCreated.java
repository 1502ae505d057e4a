package dev.leaklab.agent.boot;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One thread started, committed on the creating thread: the event's stack trace is the creator's. */
@Name("dev.leaklab.ThreadCreated")
@Label("Thread Created")
@Category({"leaklab", "Threads"})
@Description("A thread was started; the stack trace is the creating thread's (leaklab agent)")
@StackTrace(true)
final class ThreadCreated extends jdk.jfr.Event {
    @Label("Started Thread Id")
    @Description("Thread.threadId() of the new thread (javaThreadId in jdk.ThreadStart / jdk.VirtualThreadStart)")
    long startedThreadId;

    @Label("Virtual")
    boolean virtual;

    @Label("Name")
    @Description("The new thread's name when it started (empty for unnamed virtual threads)")
    String name;

    @Label("Creator Thread Id")
    long creatorThreadId;

    @Label("Container")
    @Description("The thread container it joined: <root>, an executor, a structured task scope")
    String container;
}
