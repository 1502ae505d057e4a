package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leaklab.check.ThreadLeaks;
import org.junit.jupiter.api.Test;

/** Run by failsafe, which has no <argLine> of its own: the property alone. */
class CleanIT {
    @Test
    void failsafeStartsItsJvmWithTheAgentAndTheUsersFlag() {
        assertEquals("1", System.getProperty("my.flag"), "the argLine property's own value");
        assertNull(System.getProperty("my.other.flag"), "surefire's <argLine> is surefire's alone");
        assertTrue(ThreadLeaks.agentLoaded(), "the leaklab agent is loaded");
        assertTrue(Thread.class.getModule().isExported("jdk.internal.vm", CleanIT.class.getModule()),
                "java.base exports jdk.internal.vm to the tests (the census's virtual threads)");
    }
}
