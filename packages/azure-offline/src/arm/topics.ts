/**
 * A stand-in for Event Grid custom topics with the CloudEvents 1.0 input schema: records the events posted to them
 * (validated by the endpoint in topicsEndpoint.ts) and, per request, how they came (content type, api-version, the
 * token's audience), so tests can check what the publisher really sent.
 */
export interface TopicDelivery {
  contentType: string | null;
  apiVersion: string | null;
  /** The `aud` of the bearer token, when it is one the emulated identity endpoint issued. */
  audience: string | null;
  events: number;
}

interface Topic {
  events: unknown[];
  deliveries: TopicDelivery[];
}

export class TopicStore {
  private readonly topics = new Map<string, Topic>();

  private topic(name: string): Topic {
    const key = name.toLowerCase();
    let topic = this.topics.get(key);
    if (topic === undefined) {
      topic = { events: [], deliveries: [] };
      this.topics.set(key, topic);
    }
    return topic;
  }

  /** Stores already validated events; returns how many. */
  receive(name: string, events: unknown[], delivery: Omit<TopicDelivery, 'events'>): number {
    const topic = this.topic(name);
    topic.events.push(...events);
    topic.deliveries.push({ ...delivery, events: events.length });
    return events.length;
  }

  events(name: string): unknown[] {
    return [...(this.topics.get(name.toLowerCase())?.events ?? [])];
  }

  deliveries(name: string): TopicDelivery[] {
    return (this.topics.get(name.toLowerCase())?.deliveries ?? []).map((d) => ({ ...d }));
  }

  clear(): void {
    this.topics.clear();
  }
}
