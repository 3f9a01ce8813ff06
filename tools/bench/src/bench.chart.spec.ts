import { describe, expect, it } from '@jest/globals';
import { renderBenchChart } from './bench.chart.js';
import type { BenchRow } from './bench.types.js';

const rows: BenchRow[] = [
  {
    figure: 'Deliveries/s end to end (2000 events × 5 subscriptions)',
    chartLabel: 'Deliveries/s end to end',
    value: 5_000,
    unit: '/s',
    baseline: { label: 'ceiling: sign + POST loop, no database', chartLabel: 'ceiling', value: 8_000 },
  },
  {
    figure: 'Emit-to-receipt p50 at 500 events/s',
    chartLabel: 'Emit-to-receipt p50',
    value: 2.5,
    unit: 'ms',
    baseline: { label: 'direct sign + POST', value: 0.5 },
  },
  {
    figure: 'Engine CPU per delivery',
    chartLabel: 'Engine CPU per delivery',
    value: 120,
    unit: 'µs',
    baseline: null,
  },
];
const title = {
  suite: 'outbound webhooks',
  command: 'npm run bench -- outbound',
  machine: 'Node v24, 2 × test CPU',
};

/** Each bar's `aria-label` (which names it) → its width, read from the SVG path Vega draws for it. */
function barWidths(svg: string): Map<string, number> {
  const bars = svg.matchAll(
    /<path aria-label="([^"]+)"[^>]*aria-roledescription="bar"[^>]*\sd="M[^h]+h([\d.]+)v/g,
  );
  return new Map([...bars].map(([, label, width]) => [label, Number(width)]));
}

/** Every line of text the SVG shows (`<text>`, or each `<tspan>` of a text of several lines), unescaped. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<(?:text|tspan)\b[^>]*>([^<]+)<\/(?:text|tspan)>/g)].map(([, text]) =>
    text.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>'),
  );
}

describe('the bench chart', () => {
  it('is an SVG document headed by the suite, its command and the machine', async () => {
    const svg = await renderBenchChart(rows, title);
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(texts(svg)).toEqual(
      expect.arrayContaining(['outbound webhooks: npm run bench -- outbound', 'Node v24, 2 × test CPU']),
    );
  });

  it('names each figure, and each baseline beside its value and the ratio', async () => {
    const shown = texts(await renderBenchChart(rows, title));
    expect(shown).toEqual(
      expect.arrayContaining([
        'Deliveries/s end to end',
        'Emit-to-receipt p50',
        'Engine CPU per delivery',
        '5,000 /s (0.63×)',
        '8,000 /s · ceiling',
        '2.5 ms (5.00×)',
        '0.5 ms · direct sign + POST',
        '120 µs · no baseline',
      ]),
    );
  });

  it('draws a bar for each figure with a baseline and for the baseline, scaled by value within the figure', async () => {
    const widths = barWidths(await renderBenchChart(rows, title));
    expect([...widths.keys()].sort()).toEqual([
      'Deliveries/s end to end: baseline ceiling',
      'Deliveries/s end to end: measured',
      'Emit-to-receipt p50: baseline direct sign + POST',
      'Emit-to-receipt p50: measured',
    ]);
    const full = widths.get('Deliveries/s end to end: baseline ceiling')!;
    expect(full).toBeGreaterThan(100);
    expect(widths.get('Deliveries/s end to end: measured')! / full).toBeCloseTo(5_000 / 8_000, 5);
    // Here the measured figure is the larger one, so it takes the full width and the baseline a fifth.
    expect(widths.get('Emit-to-receipt p50: measured')).toBeCloseTo(full, 5);
    expect(widths.get('Emit-to-receipt p50: baseline direct sign + POST')! / full).toBeCloseTo(0.5 / 2.5, 5);
  });

  it('draws a figure measured on each platform as a band per platform, each beside its own baseline', async () => {
    const perPlatform: BenchRow[] = [
      { ...rows[0], platform: 'express' },
      { ...rows[0], value: 4_000, baseline: { ...rows[0].baseline!, value: 10_000 }, platform: 'fastify' },
    ];
    const svg = await renderBenchChart(perPlatform, title);
    expect(texts(svg)).toEqual(
      expect.arrayContaining(['Deliveries/s end to end (Express)', 'Deliveries/s end to end (Fastify)']),
    );
    const widths = barWidths(svg);
    const full = widths.get('Deliveries/s end to end (Fastify): baseline ceiling')!;
    expect(widths.get('Deliveries/s end to end (Express): baseline ceiling')).toBeCloseTo(full, 5);
    expect(widths.get('Deliveries/s end to end (Express): measured')! / full).toBeCloseTo(5_000 / 8_000, 5);
    expect(widths.get('Deliveries/s end to end (Fastify): measured')! / full).toBeCloseTo(4_000 / 10_000, 5);
  });
});
