package io.serialtrace.gate.rules;

import static io.serialtrace.gate.rules.TestEvents.disposition;
import static io.serialtrace.gate.rules.TestEvents.measureByDevice;
import static io.serialtrace.gate.rules.TestEvents.scrapped;
import static io.serialtrace.gate.rules.TestEvents.sign;
import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.schemas.DispositionDecision;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The unit store and its changelog outlive any version of the gate: {@link UnitStateSerde} must
 * read what earlier versions wrote. Each literal below was written by the JSON serde as it was
 * before {@link UnitState} was grouped into small records (a flat record of twenty fields), for a
 * state reached through real decisions; the same decisions must still give a state that reads back
 * from it, equal field for field (route copy included), and that the binary form of today writes
 * and reads back equal, with its route looked up by revision.
 */
class UnitStateWireFormatTest {

  private final UnitStateSerde serde = new UnitStateSerde();

  /** S20 open: a torque breach open and blocking, components installed, a STEP_OVERDUE pending. */
  private static final String IN_WORK =
      """
      {"serial":"SN-G1","status":"IN_WORK","product":"PUMP-100","workOrder":"WO-4711","plant":"PLANT-1","routeRevision":"B","route":"EFBVTVAtMTAwAkICAoCAguKI0qMGwKkHDAZTMTAOa2l0dGluZwICgN3bAQAABA5IT1VTSU5HAAIKU0NSRVcCCAAAAAZTMjAMdG9ycXVlBAKAn0kAAAACEnRvcnF1ZS1NNARObQLNzMzMzMz8PwKamZmZmZkBQAAAAAZTMzAIYm9uZAYAAAAAAgZnYXAEbW0CmpmZmZmZuT8CMzMzMzMz0z8EAAAGUzQwCGN1cmUIAAKAurcDAAAAAAZTNTAMc29sZGVyCgAAAoDd2wEAAhJsZWFrLXJhdGUIbWJhcgACAAAAAAAA4D8AAAAGUzYwCmZpbmFsDAAAAAAABBJQRVJGT1JNRUQQT1BFUkFUT1IQQVBQUk9WRUQiUVVBTElUWV9JTlNQRUNUT1IAAA==","completedSteps":[{"stepId":"S10","startedAt":"2026-03-02T08:01:00Z","completedAt":"2026-03-02T08:04:00Z"}],"openStep":{"stepId":"S20","startedAt":"2026-03-02T08:05:00Z","measurements":[{"characteristic":"torque-M4","value":2.5,"inTolerance":false}],"signatures":[]},"openViolations":[{"violationId":"8bf60441-51e9-33c5-b5ec-8a06762ffcb6","code":"TOLERANCE_BREACH","stepId":"S20","characteristic":"torque-M4","blocksStep":true,"raised":"SDhiZjYwNDQxLTUxZTktMzNjNS1iNWVjLThhMDY3NjJmZmNiNgpTTi1HMQ5QTEFOVC0xCFNULTQMBAJIZTdkMmMyZTUtZWJmMS0zMzU0LTgxOTktNjk5NTcyNmJmMGJiAgZTMjBQdG9ycXVlLU00ID0gMi41IE5tIGlzIG91dHNpZGUgWzEuOCwgMi4yXYCx4uvBgaYGAoCo6OrBgaYGAoCx4uvBgaYGAhJ0b3JxdWUtTTQCAAAAAAAABEACzczMzMzM/D8CmpmZmZmZAUACBE5tAAAAAA=="}],"installed":[{"part":"HOUSING","componentSerial":"HOUSING-SN-G1-1","lotId":null,"qty":1,"stepId":"S10","eventId":"0a5eb72d-db83-3b7e-b745-02e0808540fb"},{"part":"SCREW","componentSerial":null,"lotId":"LOT-SCREW","qty":4,"stepId":"S10","eventId":"a7462f27-69f6-35b6-824b-e9cc305ba166"}],"recordedEventIds":["8c94f0c7-04e2-3f9e-bfcc-f3cd3d1867c9","b00f2951-6100-3474-8f98-0334864177a4","0a5eb72d-db83-3b7e-b745-02e0808540fb","a7462f27-69f6-35b6-824b-e9cc305ba166","37c29fc5-3e95-3b56-b6eb-6e4554e4ed5e","8a179876-65a3-3dd3-9411-01e92a4e5168","e7d2c2e5-ebf1-3354-8199-6995726bf0bb"],"deadlines":[{"code":"STEP_OVERDUE","stepId":"S20","due":"2026-03-02T08:15:00Z"}],"seq":7,"headHash":"12146abcb28bc337e593cd3cf2c576253b783570095063046275ee9a4e22b184","violationCount":1,"everHeld":false,"lastStation":"ST-4","lastActivity":"2026-03-02T08:06:01Z","closedAt":null,"compacted":false}""";

  /** S60 open with its PERFORMED signature captured. */
  private static final String SIGNED =
      """
      {"serial":"SN-G2","status":"IN_WORK","product":"PUMP-100","workOrder":"WO-4711","plant":"PLANT-1","routeRevision":"B","route":"EFBVTVAtMTAwAkICAoCAguKI0qMGwKkHDAZTMTAOa2l0dGluZwICgN3bAQAABA5IT1VTSU5HAAIKU0NSRVcCCAAAAAZTMjAMdG9ycXVlBAKAn0kAAAACEnRvcnF1ZS1NNARObQLNzMzMzMz8PwKamZmZmZkBQAAAAAZTMzAIYm9uZAYAAAAAAgZnYXAEbW0CmpmZmZmZuT8CMzMzMzMz0z8EAAAGUzQwCGN1cmUIAAKAurcDAAAAAAZTNTAMc29sZGVyCgAAAoDd2wEAAhJsZWFrLXJhdGUIbWJhcgACAAAAAAAA4D8AAAAGUzYwCmZpbmFsDAAAAAAABBJQRVJGT1JNRUQQT1BFUkFUT1IQQVBQUk9WRUQiUVVBTElUWV9JTlNQRUNUT1IAAA==","completedSteps":[{"stepId":"S10","startedAt":"2026-03-02T08:01:00Z","completedAt":"2026-03-02T08:04:00Z"},{"stepId":"S20","startedAt":"2026-03-02T08:05:00Z","completedAt":"2026-03-02T08:07:00Z"},{"stepId":"S30","startedAt":"2026-03-02T08:08:00Z","completedAt":"2026-03-02T08:10:00Z"},{"stepId":"S40","startedAt":"2026-03-02T09:12:00Z","completedAt":"2026-03-02T09:13:00Z"},{"stepId":"S50","startedAt":"2026-03-02T09:14:00Z","completedAt":"2026-03-02T09:16:00Z"}],"openStep":{"stepId":"S60","startedAt":"2026-03-02T09:17:00Z","measurements":[],"signatures":[{"meaning":"PERFORMED","role":"OPERATOR","signerId":"u-operator"}]},"openViolations":[],"installed":[{"part":"HOUSING","componentSerial":"HOUSING-SN-G2-1","lotId":null,"qty":1,"stepId":"S10","eventId":"00a9dd69-1ecc-3e0f-9d33-7daf80003b3c"},{"part":"SCREW","componentSerial":null,"lotId":"LOT-SCREW","qty":4,"stepId":"S10","eventId":"1544d823-aef7-3c4e-8c2c-e1c3e60bc104"}],"recordedEventIds":["ba2032c2-e557-3160-922a-e85900c640e4","7c0258b5-b255-3d60-8070-7400c84e122b","00a9dd69-1ecc-3e0f-9d33-7daf80003b3c","1544d823-aef7-3c4e-8c2c-e1c3e60bc104","324cea19-b6d8-3ff4-bb7d-90d39cce7c13","033c189e-4d2b-32de-a2ed-3cdec7a76ec5","353f6139-8867-3199-afbb-f829135311fa","49476c45-e285-370a-b7f5-0a802ac972af","7da03a5f-8542-33a0-bf7b-c7bcf87a539b","1fc77ab1-a824-3d35-b73b-1d0748d49d8b","3affed18-03c8-3051-80b8-f36954357e67","c68d86f2-be4a-3977-9f75-755143c0598b","9baff86f-4154-3522-8555-c2807f00a226","eb767b5f-5b84-304f-af16-e4276d41cb70","c87e73b9-992a-37e1-86f5-0d336ae29fe0","83ca6117-b079-3a83-a692-619fd6260f6f","031f4c8c-d7e9-3951-9732-dafa79ba5e5f","31fc6222-f408-345c-a7e9-f84faca02c8d"],"deadlines":[],"seq":18,"headHash":"4a5d15099287bdb70ee3ec4d9a0582eae443786ef68c367dfafbbbf72d0d42a7","violationCount":0,"everHeld":false,"lastStation":"ST-1","lastActivity":"2026-03-02T09:18:01Z","closedAt":null,"compacted":false}""";

  /** Every step done, a LATE_ENTRY open: on HOLD. */
  private static final String HOLD =
      """
      {"serial":"SN-G3","status":"HOLD","product":"PUMP-100","workOrder":"WO-4711","plant":"PLANT-1","routeRevision":"B","route":"EFBVTVAtMTAwAkICAoCAguKI0qMGwKkHDAZTMTAOa2l0dGluZwICgN3bAQAABA5IT1VTSU5HAAIKU0NSRVcCCAAAAAZTMjAMdG9ycXVlBAKAn0kAAAACEnRvcnF1ZS1NNARObQLNzMzMzMz8PwKamZmZmZkBQAAAAAZTMzAIYm9uZAYAAAAAAgZnYXAEbW0CmpmZmZmZuT8CMzMzMzMz0z8EAAAGUzQwCGN1cmUIAAKAurcDAAAAAAZTNTAMc29sZGVyCgAAAoDd2wEAAhJsZWFrLXJhdGUIbWJhcgACAAAAAAAA4D8AAAAGUzYwCmZpbmFsDAAAAAAABBJQRVJGT1JNRUQQT1BFUkFUT1IQQVBQUk9WRUQiUVVBTElUWV9JTlNQRUNUT1IAAA==","completedSteps":[{"stepId":"S10","startedAt":"2026-03-02T08:01:00Z","completedAt":"2026-03-02T08:04:00Z"},{"stepId":"S20","startedAt":"2026-03-02T08:05:00Z","completedAt":"2026-03-02T08:07:00Z"},{"stepId":"S30","startedAt":"2026-03-02T08:08:00Z","completedAt":"2026-03-02T08:10:00Z"},{"stepId":"S40","startedAt":"2026-03-02T09:12:00Z","completedAt":"2026-03-02T09:13:00Z"},{"stepId":"S50","startedAt":"2026-03-02T09:14:00Z","completedAt":"2026-03-02T09:16:00Z"},{"stepId":"S60","startedAt":"2026-03-02T09:17:00Z","completedAt":"2026-03-02T09:22:00Z"}],"openStep":null,"openViolations":[{"violationId":"c15c4630-2b1d-3c5b-8178-aa12084b4146","code":"LATE_ENTRY","stepId":null,"characteristic":null,"blocksStep":false,"raised":"SGMxNWM0NjMwLTJiMWQtM2M1Yi04MTc4LWFhMTIwODRiNDE0NgpTTi1HMw5QTEFOVC0xCFNULTEUAgJINDQ1MTMwZjAtNjFhNy0zY2Y5LTlhMjQtMWE4NzBkZmQ0YjU3AIgBRW50ZXJlZCAxMjAwMDAgbXMgYWZ0ZXIgdGhlIHdvcmsgaGFwcGVuZWQ7IHRoZSByb3V0ZSBhbGxvd3MgNjAwMDAgbXOAwJD14oGmBgKAiNiC4oGmBgKAwJD14oGmBgAAAAAAAAAAAA=="}],"installed":[{"part":"HOUSING","componentSerial":"HOUSING-SN-G3-1","lotId":null,"qty":1,"stepId":"S10","eventId":"6d125445-766a-31e8-a5da-15c4bd52c590"},{"part":"SCREW","componentSerial":null,"lotId":"LOT-SCREW","qty":4,"stepId":"S10","eventId":"366fb1e5-9b29-3619-a590-3e908ab355e8"}],"recordedEventIds":["9cccadf6-e24c-3a34-8b6c-29ddb0349c5d","33e58517-4070-34ec-9e55-12c67570ad7e","6d125445-766a-31e8-a5da-15c4bd52c590","366fb1e5-9b29-3619-a590-3e908ab355e8","369398c6-de1e-36f8-a05f-a016b289a487","7fb8a84a-572d-320f-b1bd-ff23c1e6f02a","b9a542b5-bc1f-3e1a-87dc-745fecda5e33","66b50a6c-ff5b-3895-ab24-e0671f1aa3aa","45a7371b-d8e2-3d12-9461-fbaeddb3ae36","8204e892-ba54-36d0-bb0a-f272842d8c03","b73e1a05-4be9-333d-a8a0-1794549f0cc5","a7950ffa-6fc4-3b18-b509-9602af338f20","f9b1978c-dffd-3fbb-81cd-ab90b5284b8d","4aa5b952-21bb-3bde-8413-65912ed92470","bd877199-2b9e-3a79-9833-8dc1ece25763","28e4ca64-ee2d-37cc-a132-01c271fbe9d7","69740847-6f07-3511-89ff-9d613c6a736c","445130f0-61a7-3cf9-9a24-1a870dfd4b57","5dea9a4a-3bf0-3515-94bd-8bcd23b4e10d","25302313-4d62-3677-8f8c-850bdea6d546"],"deadlines":[],"seq":20,"headHash":"584a9d96d1831ea86e08629c46321ff1b62e4ae7ee34555ba0ae72f7d8a51b08","violationCount":1,"everHeld":true,"lastStation":"ST-3","lastActivity":"2026-03-02T09:22:01Z","closedAt":null,"compacted":false}""";

  /** The HOLD unit after a USE_AS_IS disposition: closed, ever held. */
  private static final String RELEASED =
      """
      {"serial":"SN-G3","status":"COMPLETED","product":"PUMP-100","workOrder":"WO-4711","plant":"PLANT-1","routeRevision":"B","route":"EFBVTVAtMTAwAkICAoCAguKI0qMGwKkHDAZTMTAOa2l0dGluZwICgN3bAQAABA5IT1VTSU5HAAIKU0NSRVcCCAAAAAZTMjAMdG9ycXVlBAKAn0kAAAACEnRvcnF1ZS1NNARObQLNzMzMzMz8PwKamZmZmZkBQAAAAAZTMzAIYm9uZAYAAAAAAgZnYXAEbW0CmpmZmZmZuT8CMzMzMzMz0z8EAAAGUzQwCGN1cmUIAAKAurcDAAAAAAZTNTAMc29sZGVyCgAAAoDd2wEAAhJsZWFrLXJhdGUIbWJhcgACAAAAAAAA4D8AAAAGUzYwCmZpbmFsDAAAAAAABBJQRVJGT1JNRUQQT1BFUkFUT1IQQVBQUk9WRUQiUVVBTElUWV9JTlNQRUNUT1IAAA==","completedSteps":[{"stepId":"S10","startedAt":"2026-03-02T08:01:00Z","completedAt":"2026-03-02T08:04:00Z"},{"stepId":"S20","startedAt":"2026-03-02T08:05:00Z","completedAt":"2026-03-02T08:07:00Z"},{"stepId":"S30","startedAt":"2026-03-02T08:08:00Z","completedAt":"2026-03-02T08:10:00Z"},{"stepId":"S40","startedAt":"2026-03-02T09:12:00Z","completedAt":"2026-03-02T09:13:00Z"},{"stepId":"S50","startedAt":"2026-03-02T09:14:00Z","completedAt":"2026-03-02T09:16:00Z"},{"stepId":"S60","startedAt":"2026-03-02T09:17:00Z","completedAt":"2026-03-02T09:22:00Z"}],"openStep":null,"openViolations":[],"installed":[{"part":"HOUSING","componentSerial":"HOUSING-SN-G3-1","lotId":null,"qty":1,"stepId":"S10","eventId":"6d125445-766a-31e8-a5da-15c4bd52c590"},{"part":"SCREW","componentSerial":null,"lotId":"LOT-SCREW","qty":4,"stepId":"S10","eventId":"366fb1e5-9b29-3619-a590-3e908ab355e8"}],"recordedEventIds":["9cccadf6-e24c-3a34-8b6c-29ddb0349c5d","33e58517-4070-34ec-9e55-12c67570ad7e","6d125445-766a-31e8-a5da-15c4bd52c590","366fb1e5-9b29-3619-a590-3e908ab355e8","369398c6-de1e-36f8-a05f-a016b289a487","7fb8a84a-572d-320f-b1bd-ff23c1e6f02a","b9a542b5-bc1f-3e1a-87dc-745fecda5e33","66b50a6c-ff5b-3895-ab24-e0671f1aa3aa","45a7371b-d8e2-3d12-9461-fbaeddb3ae36","8204e892-ba54-36d0-bb0a-f272842d8c03","b73e1a05-4be9-333d-a8a0-1794549f0cc5","a7950ffa-6fc4-3b18-b509-9602af338f20","f9b1978c-dffd-3fbb-81cd-ab90b5284b8d","4aa5b952-21bb-3bde-8413-65912ed92470","bd877199-2b9e-3a79-9833-8dc1ece25763","28e4ca64-ee2d-37cc-a132-01c271fbe9d7","69740847-6f07-3511-89ff-9d613c6a736c","445130f0-61a7-3cf9-9a24-1a870dfd4b57","5dea9a4a-3bf0-3515-94bd-8bcd23b4e10d","25302313-4d62-3677-8f8c-850bdea6d546","29c7dfd7-e3a3-3040-b045-98539d93bf29"],"deadlines":[],"seq":21,"headHash":"51217f9d644cfcfba4476879b403689c23c6c3180acfcf7465967ceb45e5ce44","violationCount":1,"everHeld":true,"lastStation":"ST-1","lastActivity":"2026-03-02T09:23:01Z","closedAt":"2026-03-02T09:23:01Z","compacted":false}""";

  /** Started, then scrapped. */
  private static final String SCRAPPED =
      """
      {"serial":"SN-G4","status":"SCRAPPED","product":"PUMP-100","workOrder":"WO-4711","plant":"PLANT-1","routeRevision":"B","route":"EFBVTVAtMTAwAkICAoCAguKI0qMGwKkHDAZTMTAOa2l0dGluZwICgN3bAQAABA5IT1VTSU5HAAIKU0NSRVcCCAAAAAZTMjAMdG9ycXVlBAKAn0kAAAACEnRvcnF1ZS1NNARObQLNzMzMzMz8PwKamZmZmZkBQAAAAAZTMzAIYm9uZAYAAAAAAgZnYXAEbW0CmpmZmZmZuT8CMzMzMzMz0z8EAAAGUzQwCGN1cmUIAAKAurcDAAAAAAZTNTAMc29sZGVyCgAAAoDd2wEAAhJsZWFrLXJhdGUIbWJhcgACAAAAAAAA4D8AAAAGUzYwCmZpbmFsDAAAAAAABBJQRVJGT1JNRUQQT1BFUkFUT1IQQVBQUk9WRUQiUVVBTElUWV9JTlNQRUNUT1IAAA==","completedSteps":[],"openStep":null,"openViolations":[],"installed":[],"recordedEventIds":["a558cfa6-ccf6-3c8f-94fe-9f2056266ae8","21a40d5f-fedf-30c7-ae86-20f40447bf91"],"deadlines":[],"seq":2,"headHash":"75ff43a0e29233aea310753482545a5c830f9c8e6eb714249d0c9bc659c29a08","violationCount":0,"everHeld":false,"lastStation":"ST-2","lastActivity":"2026-03-02T08:01:01Z","closedAt":"2026-03-02T08:01:01Z","compacted":false}""";

  /** The released unit after its retention: the compacted form. */
  private static final String COMPACTED =
      """
      {"serial":"SN-G3","status":"COMPLETED","product":"PUMP-100","workOrder":"WO-4711","plant":"PLANT-1","routeRevision":"B","route":null,"completedSteps":[],"openStep":null,"openViolations":[],"installed":[],"recordedEventIds":[],"deadlines":[],"seq":21,"headHash":"51217f9d644cfcfba4476879b403689c23c6c3180acfcf7465967ceb45e5ce44","violationCount":1,"everHeld":true,"lastStation":"ST-1","lastActivity":"2026-03-02T09:23:01Z","closedAt":"2026-03-02T09:23:01Z","compacted":true}""";

  private void assertWireFormat(String written, UnitState today) {
    byte[] bytes = written.getBytes(StandardCharsets.UTF_8);
    UnitState read = serde.deserializer().deserialize("t", bytes);
    assertThat(read).isEqualTo(today);
    byte[] rewritten = serde.serializer().serialize("t", read);
    assertThat(rewritten[0]).isEqualTo(UnitStateBinary.FORMAT_V1);
    UnitState again = serde.deserializer().deserialize("t", rewritten);
    assertThat(today.route().map(again::withRoute).orElse(again)).isEqualTo(today);
  }

  @Test
  void readsTheJsonFormAndRewritesInBinaryTheFormOfAUnitInWorkWithABreachComponentsAndADeadline() {
    UnitScenario s = new UnitScenario("SN-G1").openStep("S20");
    s.accept(measureByDevice("S20", "torque-M4", 2.5, "Nm", s.calibrated()));
    assertWireFormat(IN_WORK, s.unit());
  }

  @Test
  void readsTheJsonFormAndRewritesInBinaryTheFormOfAnOpenStepWithASignature() {
    UnitScenario s = new UnitScenario("SN-G2").openStep("S60");
    s.accept(sign("S60", "PERFORMED", "OPERATOR", s.unit().headHash()));
    assertWireFormat(SIGNED, s.unit());
  }

  @Test
  void readsTheJsonFormAndRewritesInBinaryTheFormOfAHeldUnitItsReleaseAndItsCompactedForm() {
    UnitScenario s = StateMachineCases.onHold(new UnitScenario("SN-G3"));
    assertWireFormat(HOLD, s.unit());
    UUID open = s.unit().openViolations().get(0).violationId();
    s.accept(disposition(open, DispositionDecision.USE_AS_IS, s.unit().headHash()));
    assertWireFormat(RELEASED, s.unit());
    assertWireFormat(COMPACTED, s.unit().compacted());
  }

  @Test
  void readsTheJsonFormAndRewritesInBinaryTheFormOfAScrappedUnit() {
    UnitScenario s = new UnitScenario("SN-G4").start();
    s.accept(scrapped());
    assertWireFormat(SCRAPPED, s.unit());
  }
}
