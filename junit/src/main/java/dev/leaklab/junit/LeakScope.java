package dev.leaklab.junit;

/** Which window of a test class one check covers. */
public enum LeakScope {
    /**
     * Each test on its own, from before its {@code @BeforeEach} methods to after its
     * {@code @AfterEach} methods; the class's own lifecycle ({@code @BeforeAll}, {@code @AfterAll})
     * is checked once more after the class.
     */
    TEST,
    /** The whole class once, after its {@code @AfterAll} methods: tests may hand threads to each other. */
    CLASS,
    /** Not set here: taken from the enclosing place, else {@link #TEST}. Only for annotations. */
    DEFAULT
}
