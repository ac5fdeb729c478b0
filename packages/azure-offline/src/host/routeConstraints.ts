/**
 * The ASP.NET Core route constraints the Functions host accepts in `route` templates (`{id:int}`, `{name:minlength(3)}`).
 * A failed constraint means "this route does not match", never an error.
 */
export type RouteConstraint = (value: string) => boolean;

const INT = /^[-+]?\d+$/;
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const PLAIN_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BRACED_GUID = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;

const INT32 = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;

function integerIn([min, max]: readonly [bigint, bigint]): RouteConstraint {
  return (value) => INT.test(value) && BigInt(value) >= min && BigInt(value) <= max;
}

function numberArg(name: string, raw: string | undefined): number {
  const n = raw === undefined ? NaN : Number(raw.trim());
  if (!Number.isFinite(n)) throw new Error(`route constraint '${name}' needs numeric arguments, got '${raw ?? ''}'`);
  return n;
}

function args(name: string, raw: string | undefined, count: number[]): string[] {
  const list = raw === undefined ? [] : raw.split(',');
  if (!count.includes(list.length)) {
    throw new Error(`route constraint '${name}' takes ${count.join(' or ')} argument(s), got ${list.length}`);
  }
  return list;
}

/** Parses one constraint (`int`, `min(3)`, `regex(^a+$)`) into a predicate; unknown names are an error at start-up. */
export function parseRouteConstraint(text: string): RouteConstraint {
  const open = text.indexOf('(');
  const name = (open < 0 ? text : text.slice(0, open)).trim().toLowerCase();
  let raw: string | undefined;
  if (open >= 0) {
    if (!text.endsWith(')')) throw new Error(`route constraint '${text}' is missing its closing ')'`);
    raw = text.slice(open + 1, -1);
  }
  const noArgs = (c: RouteConstraint): RouteConstraint => {
    if (raw !== undefined) throw new Error(`route constraint '${name}' takes no arguments`);
    return c;
  };
  switch (name) {
    case 'int':
      return noArgs(integerIn(INT32));
    case 'long':
      return noArgs(integerIn(INT64));
    case 'bool':
      return noArgs((v) => /^(true|false)$/i.test(v));
    case 'alpha':
      return noArgs((v) => /^[a-z]+$/i.test(v));
    case 'guid':
      return noArgs((v) => PLAIN_GUID.test(v) || BRACED_GUID.test(v));
    case 'decimal':
    case 'double':
    case 'float':
      return noArgs((v) => DECIMAL.test(v));
    case 'datetime':
      return noArgs((v) => v.trim() !== '' && !Number.isNaN(Date.parse(v)));
    case 'minlength': {
      const [min] = args(name, raw, [1]).map((a) => numberArg(name, a));
      return (v) => v.length >= (min ?? 0);
    }
    case 'maxlength': {
      const [max] = args(name, raw, [1]).map((a) => numberArg(name, a));
      return (v) => v.length <= (max ?? 0);
    }
    case 'length': {
      const bounds = args(name, raw, [1, 2]).map((a) => numberArg(name, a));
      const min = bounds[0] ?? 0;
      const max = bounds[1] ?? min;
      return (v) => v.length >= min && v.length <= max;
    }
    case 'min': {
      const [min] = args(name, raw, [1]).map((a) => numberArg(name, a));
      return (v) => INT.test(v) && Number(v) >= (min ?? 0);
    }
    case 'max': {
      const [max] = args(name, raw, [1]).map((a) => numberArg(name, a));
      return (v) => INT.test(v) && Number(v) <= (max ?? 0);
    }
    case 'range': {
      const [min, max] = args(name, raw, [2]).map((a) => numberArg(name, a));
      return (v) => INT.test(v) && Number(v) >= (min ?? 0) && Number(v) <= (max ?? 0);
    }
    case 'regex': {
      if (raw === undefined || raw === '') throw new Error(`route constraint 'regex' needs a pattern`);
      let pattern: RegExp;
      try {
        // ASP.NET matches regex constraints case-insensitively and unanchored: templates anchor with ^…$ themselves.
        pattern = new RegExp(raw, 'i');
      } catch (error) {
        throw new Error(`route constraint 'regex(${raw})' is not a valid regular expression: ${(error as Error).message}`);
      }
      return (v) => pattern.test(v);
    }
    default:
      throw new Error(
        `unknown route constraint '${name}' (supported: int, long, bool, alpha, guid, decimal, double, float, datetime, minlength, maxlength, length, min, max, range, regex)`,
      );
  }
}
