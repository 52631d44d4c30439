package dev.wayfinder.server.ops;

/** One named condition behind {@code /healthz} or {@code /readyz}. */
public interface HealthCheck {

    String name();

    Result check();

    /** The outcome: healthy or not, and a line a person can act on. */
    record Result(boolean healthy, String detail) {
        public static Result ok(String detail) {
            return new Result(true, detail);
        }

        public static Result failing(String detail) {
            return new Result(false, detail);
        }
    }

    static HealthCheck of(String name, java.util.function.Supplier<Result> check) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Result check() {
                return check.get();
            }
        };
    }
}
