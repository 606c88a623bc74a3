package dev.sumi.track;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * The store contract against a real PostgreSQL server named by {@code SUMI_TEST_POSTGRES_URL}
 * (skipped without it). Every store gets its own schema, dropped afterwards.
 */
class PostgresRunStoreTest extends RunStoreContractTest {
  private static final String URL = System.getenv("SUMI_TEST_POSTGRES_URL");
  private final List<String> schemas = new ArrayList<>();

  @Override
  String freshStoreUri() throws Exception {
    assumeTrue(
        URL != null && !URL.isBlank(),
        "SUMI_TEST_POSTGRES_URL is not set; skipping the PostgreSQL run-store tests");
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    executeSql(URL, "CREATE SCHEMA " + schema);
    schemas.add(schema);
    return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @AfterEach
  void dropSchemas() throws Exception {
    for (String schema : schemas) {
      executeSql(URL, "DROP SCHEMA " + schema + " CASCADE");
    }
  }
}
