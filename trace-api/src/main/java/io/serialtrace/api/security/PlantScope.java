package io.serialtrace.api.security;

import io.serialtrace.api.http.ApiProblem;
import io.serialtrace.api.store.ClickHouseStore;
import java.util.Optional;

/** The SQL condition and filter check that keep list queries inside the caller's plants. */
public final class PlantScope {
  private PlantScope() {}

  /**
   * {@code plant IN (...)} over the caller's plants; {@code 0} (nothing) for a token without
   * plants; empty (no condition) for a caller who sees every plant.
   */
  public static Optional<String> condition(Caller caller, String column) {
    if (caller.seesEveryPlant()) {
      return Optional.empty();
    }
    return Optional.of(
        caller.plants().isEmpty()
            ? "0"
            : column + " IN " + ClickHouseStore.inList(caller.plants()));
  }

  /** A {@code plant} request filter must name one of the caller's plants: 403 naming it if not. */
  public static Optional<String> checkFilter(
      Caller caller, String parameter, Optional<String> plant) {
    if (plant.isPresent() && !caller.sees(plant.get())) {
      throw new ApiProblem.OutsidePlants(parameter, plant.get()).exception();
    }
    return plant;
  }
}
