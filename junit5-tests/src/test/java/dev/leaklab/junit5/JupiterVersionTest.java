package dev.leaklab.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the acceptance tests beside this one run on: Jupiter 5.11 (not the parent's 6.x), and JDK 17 where installed. */
class JupiterVersionTest {

    @Test
    void jupiterAndTheJdkAreTheOnesThisModuleIsFor() throws ClassNotFoundException {
        String jupiter = System.getProperty("leaklab.junit5.version");
        assertThat(org.junit.jupiter.api.Test.class.getPackage().getImplementationVersion()).isEqualTo(jupiter);
        assertThat(Class.forName("org.junit.jupiter.engine.JupiterTestEngine").getPackage().getImplementationVersion())
                .isEqualTo(jupiter);
        String java = System.getProperty("leaklab.expected.java");
        if (java != null) {
            assertThat(Runtime.version().feature()).isEqualTo(Integer.parseInt(java));
        }
    }
}
