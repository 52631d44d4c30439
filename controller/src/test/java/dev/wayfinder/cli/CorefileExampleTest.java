package dev.wayfinder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The shipped Corefile example holds exactly the server block {@code wayfinder corefile} prints for it. */
class CorefileExampleTest {

    static final Path COREFILE = Path.of("..", "deploy", "examples", "coredns", "Corefile");

    @Test
    void theExampleContainsWhatTheCommandPrints() throws Exception {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

        int code = cl.execute("corefile", "--zone", "foowidgets.k8s", "--etcd-urls", "http://etcd.wayfinder.svc:2379");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("foowidgets.k8s:53 {");
        assertThat(Files.readString(COREFILE)).contains(out.toString());
    }
}
