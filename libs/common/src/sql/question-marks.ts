/**
 * Rewrites a `$n` statement for MikroORM's `execute`, which formats `?` placeholders into the text:
 * every `$n` becomes `?` (values reordered and repeated to match), and `?` already in the text is
 * escaped so it stays literal. Quoted strings, quoted identifiers and comments are copied unchanged.
 * Arrays become PostgreSQL array literals, since `execute` would spread them into a list.
 */
export function toQuestionMarks(
  text: string,
  values: readonly unknown[],
): { text: string; values: unknown[] } {
  let out = '';
  const ordered: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    const next = text[i + 1];
    if (char === "'" || char === '"') {
      const end = closingQuote(text, i, char);
      out += text.slice(i, end).replaceAll('?', '\\?');
      i = end;
    } else if (char === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += text.slice(i, stop).replaceAll('?', '\\?');
      i = stop;
    } else if (char === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(i, stop).replaceAll('?', '\\?');
      i = stop;
    } else if (char === '$' && next !== undefined && next >= '0' && next <= '9') {
      let end = i + 1;
      while (end < text.length && text[end] >= '0' && text[end] <= '9') end++;
      const index = Number(text.slice(i + 1, end)) - 1;
      if (index < 0 || index >= values.length) throw new RangeError(`No value for $${index + 1}`);
      ordered.push(formatValue(values[index]));
      out += '?';
      i = end;
    } else {
      out += char === '?' ? '\\?' : char;
      i++;
    }
  }
  return { text: out, values: ordered };
}

function closingQuote(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return text.length;
}

function formatValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  return value;
}

/** `['a', null, 'b"c']` → `{"a",NULL,"b\"c"}`, the text form PostgreSQL casts to any array type. */
function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((value) => {
    if (value === null || value === undefined) return 'NULL';
    if (Array.isArray(value)) return arrayLiteral(value);
    const text = value instanceof Date ? value.toISOString() : String(value);
    return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}
