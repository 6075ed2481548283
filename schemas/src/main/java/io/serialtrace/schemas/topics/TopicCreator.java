package io.serialtrace.schemas.topics;

/** Who creates a topic: the platform, from the topic's declaration, or a service at its start. */
public sealed interface TopicCreator permits TopicCreator.Platform, Service {

  /** The platform: the local stack's {@code TopicProvisioner}, the chart's Strimzi KafkaTopics. */
  TopicCreator PLATFORM = new Platform();

  /** See {@link #PLATFORM}. */
  record Platform() implements TopicCreator {}
}
