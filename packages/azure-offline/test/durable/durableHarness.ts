/** The Durable contract tests share one way to start the real host with the fixture app (also used by the bench). */
export * from '../fixtures/durable-app/fixtureHost';
