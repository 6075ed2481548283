package io.serialtrace.api.units;

import io.serialtrace.api.store.ClickHouseStore;
import java.sql.SQLException;
import java.util.Optional;

/** The violation columns every violation query selects, and their mapping. */
public final class ViolationColumns {
  private ViolationColumns() {}

  public static final String SELECT =
      "toString(violation_id) AS violation_id_text, serial, plant, station, code, severity, status,"
          + " toUnixTimestamp64Micro(detected_at) AS detected_us, step_id, detail,"
          + " toString(event_id) AS event_id_text,"
          + " toUnixTimestamp64Micro(event_time) AS event_us,"
          + " toUnixTimestamp64Micro(received_time) AS received_us, characteristic,"
          + " measured_value, lsl, usl, unit, component_serial, related_serial,"
          + " disposition_decision, disposition_signer_id, disposition_signer_name,"
          + " disposition_reason, toUnixTimestamp64Micro(dispositioned_at) AS dispositioned_us,"
          + " toString(disposition_event_id) AS disposition_event_text,"
          + " acknowledgement_signer_id, acknowledgement_signer_name, acknowledgement_signer_role,"
          + " acknowledgement_meaning, acknowledgement_auth_method, acknowledgement_reason,"
          + " toUnixTimestamp64Micro(acknowledged_at) AS acknowledged_us,"
          + " toString(acknowledgement_event_id) AS acknowledgement_event_text,"
          + " toUnixTimestamp64Micro(ended_at) AS ended_us";

  public static ViolationView map(ClickHouseStore.Row row) throws SQLException {
    Optional<ViolationView.Disposition> disposition = Optional.empty();
    Optional<String> decision = row.optionalText("disposition_decision");
    if (decision.isPresent()) {
      disposition =
          Optional.of(
              new ViolationView.Disposition(
                  decision.get(),
                  row.text("disposition_signer_id"),
                  row.text("disposition_signer_name"),
                  row.text("disposition_reason"),
                  row.optionalMicros("dispositioned_us"),
                  row.optionalText("disposition_event_text")));
    }
    Optional<ViolationView.Acknowledgement> acknowledgement =
        row.optionalText("acknowledgement_signer_id").isEmpty()
            ? Optional.empty()
            : Optional.of(
                new ViolationView.Acknowledgement(
                    row.text("acknowledgement_signer_id"),
                    row.text("acknowledgement_signer_name"),
                    row.text("acknowledgement_signer_role"),
                    row.text("acknowledgement_meaning"),
                    row.text("acknowledgement_auth_method"),
                    row.text("acknowledgement_reason"),
                    row.optionalMicros("acknowledged_us"),
                    row.optionalText("acknowledgement_event_text")));
    return new ViolationView(
        row.text("violation_id_text"),
        row.text("serial"),
        row.text("plant"),
        row.text("station"),
        row.text("code"),
        row.text("severity"),
        row.text("status"),
        row.micros("detected_us"),
        row.optionalText("step_id"),
        row.text("detail"),
        row.optionalText("event_id_text"),
        row.optionalMicros("event_us"),
        row.optionalMicros("received_us"),
        row.optionalText("characteristic"),
        row.optionalDecimal("measured_value"),
        row.optionalDecimal("lsl"),
        row.optionalDecimal("usl"),
        row.optionalText("unit"),
        row.optionalText("component_serial"),
        row.optionalText("related_serial"),
        disposition,
        acknowledgement,
        row.optionalMicros("ended_us"));
  }
}
