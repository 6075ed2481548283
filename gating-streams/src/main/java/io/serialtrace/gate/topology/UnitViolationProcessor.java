package io.serialtrace.gate.topology;

import io.serialtrace.schemas.Violation;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The way back from the component-keyed sub-topology: a COMPONENT_REUSED raised on a unit still
 * holding a component another unit tried to install, keyed by that unit's serial, is remembered as
 * a refusal notice of that unit ({@link NoticeMemory}), in the same task as {@link GateProcessor},
 * so quality of the holder's plant can acknowledge it like any notice and it expires like one. It
 * never holds the unit (the shared lifecycle: a NOTICE), so a scan at another station cannot stop a
 * good unit.
 *
 * <p>Emits nothing: the violation itself is already on {@code trace.violations.v1}. A redelivered
 * notice changes nothing, so an acknowledgement is never undone.
 */
public final class UnitViolationProcessor implements Processor<String, Violation, Void, Void> {

  private final Duration noticeRetention;
  private NoticeMemory notices;

  public UnitViolationProcessor(GateSettings settings) {
    this.noticeRetention = settings.noticeRetention();
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.notices = new NoticeMemory(context, noticeRetention);
  }

  @Override
  public void process(Record<String, Violation> record) {
    Violation notice = record.value();
    if (notice != null && !notices.knows(notice.getViolationId())) {
      notices.remember(notice);
    }
  }
}
