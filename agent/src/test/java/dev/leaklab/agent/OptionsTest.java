package dev.leaklab.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

class OptionsTest {
    private static Object parse(String s) throws Throwable {
        Class<?> c = Class.forName("dev.leaklab.agent.boot.Options");
        Method m = c.getDeclaredMethod("parse", String.class);
        m.setAccessible(true);
        try {
            return m.invoke(null, s);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void defaultsWithoutOptions() throws Throwable {
        assertThat(parse(null)).hasToString("Options[depth=32, stackRate=1000, prove=false, quiet=false]");
        assertThat(parse("")).hasToString("Options[depth=32, stackRate=1000, prove=false, quiet=false]");
    }

    @Test
    void readsEveryOption() throws Throwable {
        assertThat(parse("depth=8, prove,quiet")).hasToString("Options[depth=8, stackRate=" + Integer.MAX_VALUE + ", prove=true, quiet=true]");
        assertThat(parse("prove,stack-rate=10")).hasToString("Options[depth=32, stackRate=10, prove=true, quiet=false]");
        assertThat(parse("stack-rate=50")).hasToString("Options[depth=32, stackRate=50, prove=false, quiet=false]");
        assertThat(parse("stack-rate=all")).hasToString("Options[depth=32, stackRate=" + Integer.MAX_VALUE + ", prove=false, quiet=false]");
        assertThat(parse("depth=0")).hasToString("Options[depth=0, stackRate=1000, prove=false, quiet=false]");
    }

    @Test
    void refusesBadOptionsInOneLine() {
        assertThatThrownBy(() -> parse("depth=-1")).hasMessage("depth must be a whole number from 0 to 256, not '-1'");
        assertThatThrownBy(() -> parse("depth=x")).hasMessageContaining("not 'x'");
        assertThatThrownBy(() -> parse("proof")).hasMessage("unknown option 'proof' (known: depth=N, stack-rate=N|all, prove, quiet)");
        assertThatThrownBy(() -> parse("stack-rate=-5")).hasMessage("stack-rate must be a whole number of stacks per second, or all, not '-5'");
        assertThatThrownBy(() -> parse("depth=300")).hasMessageContaining("not '300'");
    }
}
