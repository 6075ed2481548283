package io.serialtrace.api.it;

import static org.assertj.core.api.Assumptions.assumeThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** With ClickHouse stopped, queries answer 503 problem+json, then work again once it is back. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClickHouseDownIT {

  @Test
  void clickHouseDownIs503AndRecovers(StackEndpoints stack) throws Exception {
    StackSettings settings = StackSettings.forTests(RepositoryHome.find());
    assumeThat(StackEndpoints.external(System::getenv, settings))
        .as("only the local stack can be stopped")
        .isEmpty();
    LocalStack clickhouse = LocalStack.of(settings).only(List.of("clickhouse"));
    try {
      // 1. Stop ClickHouse.
      clickhouse.down(Progress.printingTo(System.out));
      // 2. Every ClickHouse-backed endpoint answers 503 with a problem body, no stack trace.
      Tokens.quality("P1")
          .get("/v1/units/{serial}", "ANY-1")
          .then()
          .statusCode(503)
          .contentType("application/problem+json")
          .body("title", equalTo("Store unavailable"))
          .body("detail", containsString("ClickHouse cannot be reached"));
      Tokens.quality("P1")
          .get("/v1/violations")
          .then()
          .statusCode(503)
          .contentType("application/problem+json");
    } finally {
      // 3. Restart it, whatever happened.
      clickhouse.up(Progress.printingTo(System.out));
    }
    // 4. Back to normal: an unknown unit is a 404 again.
    Tokens.quality("P1").get("/v1/units/{serial}", "ANY-1").then().statusCode(404);
  }
}
