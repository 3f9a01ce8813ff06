import { describe, expect, it } from '@jest/globals';
import { parseBenchArgs, selectSuites } from './bench.options.js';

const root = '/repo';

describe('the bench command line', () => {
  it('runs every suite and charts into docs/bench without arguments', () => {
    expect(parseBenchArgs([], root)).toEqual({ only: [], chartDir: '/repo/docs/bench', redraw: false });
  });

  it('takes words that select suites', () => {
    expect(parseBenchArgs(['outbound', 'ingest'], root).only).toEqual(['outbound', 'ingest']);
  });

  it("takes a relative --chart-dir from the repository's root, and keeps an absolute one", () => {
    expect(parseBenchArgs(['publish', '--chart-dir', 'out/charts'], root)).toEqual({
      only: ['publish'],
      chartDir: '/repo/out/charts',
      redraw: false,
    });
    expect(parseBenchArgs(['--chart-dir=/tmp/charts'], root).chartDir).toBe('/tmp/charts');
  });

  it('charts nothing with --no-chart, and redraws without measuring with --redraw', () => {
    expect(parseBenchArgs(['ingest', '--no-chart'], root)).toEqual({
      only: ['ingest'],
      chartDir: null,
      redraw: false,
    });
    expect(parseBenchArgs(['--redraw'], root)).toEqual({
      only: [],
      chartDir: '/repo/docs/bench',
      redraw: true,
    });
  });

  it('refuses unknown options, a --chart-dir without its value, and --no-chart with another chart option', () => {
    expect(() => parseBenchArgs(['--chart', 'x.svg'], root)).toThrow(/Unknown option '--chart'/);
    expect(() => parseBenchArgs(['--chart-dir'], root)).toThrow(/--chart-dir/);
    expect(() => parseBenchArgs(['--no-chart', '--chart-dir', 'x'], root)).toThrow(
      '--no-chart excludes --chart-dir and --redraw',
    );
    expect(() => parseBenchArgs(['--no-chart', '--redraw'], root)).toThrow(
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
