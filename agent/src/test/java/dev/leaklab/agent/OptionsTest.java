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
        assertThat(parse(null)).hasToString("Options[depth=32, stackRate=1000, prove=false, quiet=false, endpoint=null, token=null]");
        assertThat(parse("")).hasToString("Options[depth=32, stackRate=1000, prove=false, quiet=false, endpoint=null, token=null]");
    }

    @Test
    void readsEveryOption() throws Throwable {
        assertThat(parse("depth=8, prove,quiet")).hasToString("Options[depth=8, stackRate=" + Integer.MAX_VALUE + ", prove=true, quiet=true, endpoint=null, token=null]");
        assertThat(parse("prove,stack-rate=10")).hasToString("Options[depth=32, stackRate=10, prove=true, quiet=false, endpoint=null, token=null]");
        assertThat(parse("stack-rate=50")).hasToString("Options[depth=32, stackRate=50, prove=false, quiet=false, endpoint=null, token=null]");
        assertThat(parse("stack-rate=all")).hasToString("Options[depth=32, stackRate=" + Integer.MAX_VALUE + ", prove=false, quiet=false, endpoint=null, token=null]");
        assertThat(parse("depth=0")).hasToString("Options[depth=0, stackRate=1000, prove=false, quiet=false, endpoint=null, token=null]");
    }

    @Test
    void readsTheEndpointAndWhereItsTokenComesFrom() throws Throwable {
        assertThat(parse("endpoint")).hasToString("Options[depth=32, stackRate=1000, prove=false, quiet=false, endpoint=127.0.0.1:6060, token=null]");
        assertThat(parse("endpoint=0,quiet")).hasToString("Options[depth=32, stackRate=1000, prove=false, quiet=true, endpoint=127.0.0.1:0, token=null]");
        assertThat(parse("prove,endpoint=[::1]:7070")).hasToString("Options[depth=32, stackRate=" + Integer.MAX_VALUE
                + ", prove=true, quiet=false, endpoint=[::1]:7070, token=null]");
        assertThat(parse("endpoint=0.0.0.0:6060,token=@/run/secrets/debug")).hasToString(
                "Options[depth=32, stackRate=1000, prove=false, quiet=false, endpoint=0.0.0.0:6060, token=@/run/secrets/debug]");
        assertThat(parse("endpoint=app.internal:6060,token=env:DEBUG_TOKEN,depth=8")).hasToString(
                "Options[depth=8, stackRate=1000, prove=false, quiet=false, endpoint=app.internal:6060, token=env:DEBUG_TOKEN]");
    }

    @Test
    void refusesABadEndpointOrALiteralToken() {
        assertThatThrownBy(() -> parse("endpoint=70000")).hasMessageContaining("endpoint takes HOST:PORT or PORT");
        assertThatThrownBy(() -> parse("endpoint=::1:6060")).hasMessageContaining("an IPv6 host in brackets");
        assertThatThrownBy(() -> parse("endpoint=:6060")).hasMessageContaining("not ':6060'");
        assertThatThrownBy(() -> parse("endpoint,token=s3cret-s3cret-s3cret")).hasMessage(
                "token takes @FILE or env:NAME (a token on the command line is visible to every user in ps)");
        assertThatThrownBy(() -> parse("token=@/x")).hasMessage("token is the endpoint's: add endpoint[=HOST:PORT]");
    }

    @Test
    void refusesBadOptionsInOneLine() {
        assertThatThrownBy(() -> parse("depth=-1")).hasMessage("depth must be a whole number from 0 to 256, not '-1'");
        assertThatThrownBy(() -> parse("depth=x")).hasMessageContaining("not 'x'");
        assertThatThrownBy(() -> parse("proof")).hasMessage("unknown option 'proof' (known: depth=N, stack-rate=N|all, prove, quiet, endpoint[=HOST:PORT], token=@FILE|env:NAME)");
        assertThatThrownBy(() -> parse("stack-rate=-5")).hasMessage("stack-rate must be a whole number of stacks per second, or all, not '-5'");
        assertThatThrownBy(() -> parse("depth=300")).hasMessageContaining("not '300'");
    }
}
