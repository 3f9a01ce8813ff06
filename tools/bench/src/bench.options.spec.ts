import { describe, expect, it } from '@jest/globals';
import { parseBenchArgs, selectSuites } from './bench.options.js';

const root = '/repo';
const cwd = '/repo/tools/bench';

describe('the bench command line', () => {
  it('runs every suite and charts into docs/bench without arguments', () => {
    expect(parseBenchArgs([], cwd, root)).toEqual({ only: [], chartDir: '/repo/docs/bench', redraw: false });
  });

  it('takes words that select suites', () => {
    expect(parseBenchArgs(['outbound', 'ingest'], cwd, root).only).toEqual(['outbound', 'ingest']);
  });

  it('resolves --chart-dir against the directory npm ran in, and keeps an absolute one', () => {
    expect(parseBenchArgs(['publish', '--chart-dir', 'out/charts'], '/home/me', root)).toEqual({
      only: ['publish'],
      chartDir: '/home/me/out/charts',
      redraw: false,
    });
    expect(parseBenchArgs(['--chart-dir=/tmp/charts'], cwd, root).chartDir).toBe('/tmp/charts');
  });

  it('charts nothing with --no-chart, and redraws without measuring with --redraw', () => {
    expect(parseBenchArgs(['ingest', '--no-chart'], cwd, root)).toEqual({
      only: ['ingest'],
      chartDir: null,
      redraw: false,
    });
    expect(parseBenchArgs(['--redraw'], cwd, root)).toEqual({
      only: [],
      chartDir: '/repo/docs/bench',
      redraw: true,
    });
  });

  it('refuses unknown options, a --chart-dir without its value, and --no-chart with another chart option', () => {
    expect(() => parseBenchArgs(['--chart', 'x.svg'], cwd, root)).toThrow(/Unknown option '--chart'/);
    expect(() => parseBenchArgs(['--chart-dir'], cwd, root)).toThrow(/--chart-dir/);
    expect(() => parseBenchArgs(['--no-chart', '--chart-dir', 'x'], cwd, root)).toThrow(
      '--no-chart excludes --chart-dir and --redraw',
    );
    expect(() => parseBenchArgs(['--no-chart', '--redraw'], cwd, root)).toThrow(
      '--no-chart excludes --chart-dir and --redraw',
    );
  });

  it('selects the suites whose name contains a word, all without words, and fails on no match', () => {
    const suites = [{ name: 'outbound webhooks' }, { name: 'ingest gateway' }, { name: 'publish' }];
    expect(selectSuites(suites, [])).toEqual(suites);
    expect(selectSuites(suites, ['ingest', 'publish'])).toEqual([suites[1], suites[2]]);
    expect(() => selectSuites(suites, ['nothing'])).toThrow('no suite matches nothing');
  });
});
