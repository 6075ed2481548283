package io.serialtrace.ingest.http;

/**
 * One example request per payload type, shown in the OpenAPI document; a unit test checks that
 * every one validates against the seeded plant P1, so the documentation cannot drift.
 */
public final class EventExamples {
  private EventExamples() {}

  public static final String UNIT_STARTED =
      """
      {"eventId":"0b7e3f5a-1c2d-4e5f-8a9b-0c1d2e3f4a01","serial":"PUMP-A-000123","plant":"P1",\
      "station":"ST-010","actor":"op-4711","actorType":"OPERATOR",\
      "eventTime":"2026-03-01T08:15:30.120Z",\
      "payload":{"type":"UnitStarted","product":"IP-200-FINAL","workOrder":"WO-2026-0042"}}""";

  public static final String STEP_STARTED =
      """
      {"eventId":"0b7e3f5a-1c2d-4e5f-8a9b-0c1d2e3f4a02","serial":"PUMP-A-000123","plant":"P1",\
      "station":"ST-010","actor":"op-4711","actorType":"OPERATOR",\
      "eventTime":"2026-03-01T08:15:31Z","payload":{"type":"StepStarted","stepId":"10-MOUNT-DRIVE"}}""";

  public static final String COMPONENT_SCANNED =
      """
      {"eventId":"0b7e3f5a-1c2d-4e5f-8a9b-0c1d2e3f4a03","serial":"PUMP-A-000123","plant":"P1",\
      "station":"ST-010","actor":"op-4711","actorType":"OPERATOR",\
      "eventTime":"2026-03-01T08:16:02Z","payload":{"type":"ComponentScanned",\
      "stepId":"10-MOUNT-DRIVE","part":"DRV-100","componentSerial":"DRV-100-55821","qty":1}}""";

  public static final String MEASUREMENT_RECORDED =
      """
      {"eventId":"0b7e3f5a-1c2d-4e5f-8a9b-0c1d2e3f4a04","serial":"PUMP-A-000123","plant":"P1",\
      "station":"ST-010","actor":"torque-tool-7","actorType":"DEVICE",\
      "eventTime":"2026-03-01T08:16:40Z","payload":{"type":"MeasurementRecorded",\
      "stepId":"10-MOUNT-DRIVE","characteristic":"torque-M3-drive","value":1.18,"unit":"Nm",\
      "deviceId":"torque-tool-7","calibrationDue":"2026-09-30T00:00:00Z"}}""";

  public static final String SIGNATURE_APPLIED =
      """
      {"eventId":"0b7e3f5a-1c2d-4e5f-8a9b-0c1d2e3f4a05","serial":"PUMP-A-000123","plant":"P1",\
      "station":"ST-060","actor":"qa-0815","actorType":"OPERATOR",\
      "eventTime":"2026-03-01T09:02:11Z","payload":{"type":"SignatureApplied",\
      "stepId":"60-QA-RELEASE","signerId":"qa-0815","signerName":"Dana Weber","meaning":"APPROVED",\
      "signerRole":"QUALITY_INSPECTOR",\
      "signedRecordHash":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",\
      "authMethod":"PASSWORD"}}""";

  public static final String STEP_COMPLETED =
      """
      {"eventId":"0b7e3f5a-1c2d-4e5f-8a9b-0c1d2e3f4a06","serial":"PUMP-A-000123","plant":"P1",\
      "station":"ST-010","actor":"op-4711","actorType":"OPERATOR",\
      "eventTime":"2026-03-01T08:17:05Z","payload":{"type":"StepCompleted","stepId":"10-MOUNT-DRIVE"}}""";

  public static final String COMPONENT_REMOVED =
      """
      {"eventId":"0b7e3f5a-1c2d-4e5f-8a9b-0c1d2e3f4a07","serial":"PUMP-A-000123","plant":"P1",\
      "station":"ST-090","actor":"op-4711","actorType":"OPERATOR",\
      "eventTime":"2026-03-02T10:00:00Z","payload":{"type":"ComponentRemoved",\
      "componentSerial":"DRV-100-55821","reason":"Drive noisy at end-of-line test; replaced"}}""";

  public static final String DISPOSITION =
      """
      {"eventId":"0b7e3f5a-1c2d-4e5f-8a9b-0c1d2e3f4a08","serial":"PUMP-A-000123","plant":"P1",\
      "station":"ST-090","actor":"qe-1001","actorType":"OPERATOR",\
      "eventTime":"2026-03-02T11:30:00Z","payload":{"type":"Disposition",\
      "violationId":"5d0c9a43-6e1f-4b2a-9c3d-7e8f9a0b1c2d","decision":"USE_AS_IS",\
      "signerId":"qe-1001","signerName":"Sam Okafor","signerRole":"QUALITY_ENGINEER",\
      "signedRecordHash":"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",\
      "authMethod":"BADGE_AND_PIN","reason":"0.02 Nm over USL, within the design margin (DR-88)"}}""";

  public static final String ACKNOWLEDGEMENT =
      """
      {"eventId":"0b7e3f5a-1c2d-4e5f-8a9b-0c1d2e3f4a0b","serial":"PUMP-A-000123","plant":"P1",\
      "station":"ST-090","actor":"qe-1001","actorType":"OPERATOR",\
      "eventTime":"2026-03-02T11:35:00Z","payload":{"type":"Acknowledgement",\
      "violationId":"5d0c9a43-6e1f-4b2a-9c3d-7e8f9a0b1c2e","signerId":"qe-1001",\
      "signerName":"Sam Okafor","signerRole":"QUALITY_ENGINEER","meaning":"REVIEWED",\
      "authMethod":"BADGE_AND_PIN","reason":"Reissued label destroyed; serial block corrected"}}""";

  public static final String CORRECTION =
      """
      {"eventId":"0b7e3f5a-1c2d-4e5f-8a9b-0c1d2e3f4a09","serial":"PUMP-A-000123","plant":"P1",\
      "station":"ST-020","actor":"op-4711","actorType":"OPERATOR",\
      "eventTime":"2026-03-01T08:40:00Z","payload":{"type":"Correction",\
      "correctsEventId":"0b7e3f5a-1c2d-4e5f-8a9b-0c1d2e3f4a03","reason":"Lot label misread",\
      "correctedField":"lotId","replacementText":"LOT-7781"}}""";

  public static final String UNIT_SCRAPPED =
      """
      {"eventId":"0b7e3f5a-1c2d-4e5f-8a9b-0c1d2e3f4a0a","serial":"PUMP-A-000124","plant":"P1",\
      "station":"ST-050","actor":"op-4711","actorType":"OPERATOR",\
      "eventTime":"2026-03-01T10:00:00Z","payload":{"type":"UnitScrapped",\
      "reason":"Housing cracked during leak test fixture clamping"}}""";

  public static final String BATCH = "[" + STEP_STARTED + "," + COMPONENT_SCANNED + "]";
}
