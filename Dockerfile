# Build stage: compile and package the layered Spring Boot jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests \
 && java -Djarmode=tools -jar target/revloop-*.jar extract --layers --launcher --destination /layers

# Run stage: the jar's layers, least to most often changing, plus the flows and mappings operators edit.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app revloop
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
COPY routes routes
COPY mappings mappings
RUN mkdir -p /app/data && chown revloop /app/data
USER revloop
ENV REVLOOP_DATA_DIR=/app/data
EXPOSE 8080
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
