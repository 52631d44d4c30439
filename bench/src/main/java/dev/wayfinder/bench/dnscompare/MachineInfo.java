package dev.wayfinder.bench.dnscompare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What the figures ran on: cores, CPU, memory, load, and each program's version. */
final class MachineInfo {

    private MachineInfo() {
    }

    /** The 1-, 5- and 15-minute load averages, as /proc/loadavg has them. */
    static String loadAverage() {
        String[] f = read("/proc/loadavg").orElse("? ? ?").split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    static double load1() {
        try {
            return Double.parseDouble(loadAverage().split(" ")[0]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static String describe(Optional<Path> coredns) {
        String cpu = read("/proc/cpuinfo").flatMap(s -> s.lines().filter(l -> l.startsWith("model name")).findFirst())
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        String mem = read("/proc/meminfo").flatMap(s -> s.lines().filter(l -> l.startsWith("MemTotal")).findFirst())
                .map(l -> String.format("%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0)).orElse("unknown");
        StringBuilder sb = new StringBuilder();
        sb.append("- cores (nproc): ").append(Runtime.getRuntime().availableProcessors()).append("; CPU: ").append(cpu)
                .append("; memory: ").append(mem).append("; kernel ").append(read("/proc/sys/kernel/osrelease").orElse("?").trim()).append('\n');
        sb.append("- Java ").append(Runtime.version()).append("; ").append(firstLine(List.of("etcd", "--version"))).append('\n');
        sb.append("- ").append(version("knotd", "-V")).append("; ").append(version("nsd", "-v"))
                .append("; ").append(version("named", "-v")).append('\n');
        sb.append("- ").append(coredns.map(p -> firstLine(List.of(p.toString(), "-version")) + " (" + p + ")").orElse("CoreDNS: not found"))
                .append("; dnsperf ").append(dnsperfVersion()).append('\n');
        return sb.toString();
    }

    private static String version(String program, String flag) {
        return Launchers.which(program).map(p -> firstLine(List.of(p.toString(), flag))).orElse(program + ": not found");
    }

    private static String dnsperfVersion() {
        return output(List.of("dnsperf", "-h")).lines().filter(l -> l.startsWith("Version")).map(l -> l.substring(8).trim())
                .findFirst().orElse("unknown");
    }

    private static String firstLine(List<String> cmd) {
        return output(cmd).lines().filter(l -> !l.isBlank()).findFirst().orElse(cmd.get(0) + ": not found").trim();
    }

    private static String output(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
