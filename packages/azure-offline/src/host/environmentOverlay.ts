/**
 * Applies app settings to process.env and puts back what was there before. The app reads settings from the
 * environment as in Azure, but a host that stops must not leak its settings into the next host of the same process
 * (a restart with different settings must see only those).
 */
export class EnvironmentOverlay {
  readonly #previous = new Map<string, string | undefined>();

  apply(values: Readonly<Record<string, string>>): void {
    for (const [name, value] of Object.entries(values)) {
      if (!this.#previous.has(name)) this.#previous.set(name, process.env[name]);
      process.env[name] = value;
    }
  }

  restore(): void {
    for (const [name, value] of this.#previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    this.#previous.clear();
  }
}
