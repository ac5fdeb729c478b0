import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLocalOptions, UsageError } from '../../../../tools/local/options';

const cwd = '/project';
const noFiles = () => false;

describe('npm run local options', () => {
  it('defaults point at the project files', () => {
    expect(parseLocalOptions([], cwd, noFiles)).toEqual({
      functionsPort: 7071,
      armPort: 0,
      stateDir: path.resolve(cwd, '.local/state'),
      fresh: false,
      clockSpeed: 60,
      seedFile: path.resolve(cwd, 'tools/local/seed.json'),
      catalogFile: path.resolve(cwd, 'catalog.sample.yaml'),
      settingsFile: path.resolve(cwd, 'local.settings.sample.json'),
      timers: true,
      endpointsFile: path.resolve(cwd, '.local/endpoints.json'),
    });
  });

  it('prefers a local.settings.json the user created', () => {
    const options = parseLocalOptions([], cwd, (file) => file.endsWith('local.settings.json'));
    expect(options !== 'help' && options.settingsFile).toBe(path.resolve(cwd, 'local.settings.json'));
  });

  it('reads every option', () => {
    const options = parseLocalOptions(
      ['--port', '0', '--arm-port', '8443', '--state', 's', '--fresh', '--clock-speed', '3600', '--seed', 'x.json', '--catalog', 'c.yaml', '--settings', 'l.json', '--no-timers', '--endpoints-file', 'e.json'],
      cwd,
      noFiles,
    );
    expect(options).toMatchObject({ functionsPort: 0, armPort: 8443, fresh: true, clockSpeed: 3600, timers: false, stateDir: '/project/s', endpointsFile: '/project/e.json' });
  });

  it.each([['-h'], ['--help']])('%s asks for help', (flag) => {
    expect(parseLocalOptions([flag], cwd, noFiles)).toBe('help');
  });

  it.each([
    [['--port', '70000'], /--port must be a port number/],
    [['--port', 'x'], /--port must be a non-negative number/],
    [['--clock-speed', '0'], /--clock-speed must be a positive number/],
    [['--clock-speed', '-5'], /clock-speed/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseLocalOptions(argv, cwd, noFiles)).toThrow(UsageError);
    expect(() => parseLocalOptions(argv, cwd, noFiles)).toThrow(message);
  });
});
