package io.serialtrace.schemas.topics;

/** Someone at either end of a topic: a service of the pipeline, or a reader outside it. */
public sealed interface TopicParty permits Service, OutsideReader {}
