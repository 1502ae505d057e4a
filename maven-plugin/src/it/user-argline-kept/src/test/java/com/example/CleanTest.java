package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leaklab.check.ThreadLeaks;
import org.junit.jupiter.api.Test;

class CleanTest {
    @Test
    void theUsersArgLineAndTheAgentBothReachTheTestJvm() throws InterruptedException {
        assertEquals("1", System.getProperty("my.flag"), "the argLine property's own value");
        assertEquals("2", System.getProperty("my.other.flag"), "surefire's <argLine> after @{argLine}");
        assertTrue(ThreadLeaks.agentLoaded(), "the leaklab agent is loaded");
        assertTrue(Thread.class.getModule().isExported("jdk.internal.vm", CleanTest.class.getModule()),
                "java.base exports jdk.internal.vm to the tests (the census's virtual threads)");

        // a thread that ends within the test is no leak
        Thread worker = new Thread(() -> { }, "short-lived");
        worker.start();
        worker.join();
    }
}
