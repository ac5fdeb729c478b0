/** A stand-in for Event Grid custom topics: records the events (CloudEvents or Event Grid schema) posted to them. */
import { badRequest } from './armError';
import { isObject } from './json';

export class TopicStore {
  private readonly topics = new Map<string, unknown[]>();

  receive(topic: string, body: unknown): number {
    const events = Array.isArray(body) ? body : [body];
    if (events.length === 0 || !events.every(isObject)) throw badRequest('InvalidRequestContent', 'The body must be an event object or a non-empty array of event objects.');
    const list = this.topics.get(topic.toLowerCase()) ?? [];
    list.push(...events);
    this.topics.set(topic.toLowerCase(), list);
    return events.length;
  }

  events(topic: string): unknown[] {
    return [...(this.topics.get(topic.toLowerCase()) ?? [])];
  }

  clear(): void {
    this.topics.clear();
  }
}
