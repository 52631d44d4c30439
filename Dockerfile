# syntax=docker/dockerfile:1
# The Wayfinder image: `wayfinder controller`, `wayfinder dns` and `wayfinder corefile` in one.
#   docker build -t wayfinder:0.1.0-SNAPSHOT .        (or ./mvnw -Pimage -pl controller -am -DskipTests package)
# The charts module's DeployManifestsTest checks the runtime stage: numeric non-root USER, no remote ADD.

# --- build: the Maven wrapper on a JDK 17, only the controller and the modules it needs ---
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds (BuildKit); tests run in CI, not here.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -DskipTests package -pl controller -am

# --- runtime: a JRE and the jar, no shell, no package manager ---
FROM gcr.io/distroless/java17-debian12:nonroot
WORKDIR /app
COPY --from=build /src/controller/target/lib/ /app/lib/
COPY --from=build /src/controller/target/wayfinder.jar /app/wayfinder.jar
# Nothing is written to /: no hsperfdata files, temporary files (the etcd client's native transport)
# under /tmp, which the Deployment mounts as an emptyDir next to readOnlyRootFilesystem.
ENV JDK_JAVA_OPTIONS="-XX:-UsePerfData -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
# distroless's nonroot user, by number so runAsNonRoot can verify it.
USER 65532:65532
EXPOSE 7979
ENTRYPOINT ["java", "-jar", "/app/wayfinder.jar"]
CMD ["--help"]
