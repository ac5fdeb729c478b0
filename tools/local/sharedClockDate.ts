import type { Clock } from '@image-autopilot/azure-offline';

/**
 * Makes `Date` in this process read the shared clock, so the app's triggers see the same time of day as its
 * orchestrations, the emulated ARM and the durable timers — as in Azure, where all of them read one wall clock.
 * Without it, at 60× a trigger would stamp a run ID (`rebuild-run-<yyyymmddhhmmss>-<hex>`, the run's `createdAt`) from
 * wall time while the run's own `generatedAt` and `createdTime` came from the shared clock, hours apart after a few
 * minutes.
 *
 * Only `npm run local` installs it, after the emulator has made its TLS certificate (OpenSSL checks validity against
 * the real time). The clock itself keeps the real `Date.now` it captured when its module loaded.
 * Returns the function that puts the real `Date` back.
 */
export function installSharedClockDate(clock: Clock): () => void {
  const RealDate = globalThis.Date;
  // A function, not a subclass: `Date()` without `new` must still return a string, and sharing the real prototype
  // keeps `instanceof Date` true for dates made before the swap and by other modules.
  function SharedClockDate(this: unknown, ...args: unknown[]): Date | string {
    // The clock builds its own answer with `new Date(ms)`: only an argument-less call may ask it the time.
    if (!new.target) return new RealDate(clock.now().getTime()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [clock.now().getTime()] : args, new.target) as Date;
  }
  SharedClockDate.prototype = RealDate.prototype;
  Object.defineProperties(SharedClockDate, {
    now: { value: () => clock.now().getTime(), writable: true, configurable: true },
    parse: { value: RealDate.parse.bind(RealDate), writable: true, configurable: true },
    UTC: { value: RealDate.UTC.bind(RealDate), writable: true, configurable: true },
  });
  globalThis.Date = SharedClockDate as unknown as DateConstructor;
  return () => {
    globalThis.Date = RealDate;
  };
}
