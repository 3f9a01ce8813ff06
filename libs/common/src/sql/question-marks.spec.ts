import { describe, expect, it } from '@jest/globals';
import { toQuestionMarks } from './question-marks.js';

describe('toQuestionMarks', () => {
  it('reorders and repeats values for $n, escapes literal ? and leaves quotes and comments alone', () => {
    const text = `select $2, $1::text[], '$1 ?' as "a$1?" -- $1?\nwhere x = $2 /* $3 */ and j ? 'k'`;
    const tags = ['a', null, 'b"c', 'd\\e'];
    expect(toQuestionMarks(text, [tags, 7, 'unused'])).toEqual({
      text: `select ?, ?::text[], '$1 \\?' as "a$1\\?" -- $1\\?\nwhere x = ? /* $3 */ and j \\? 'k'`,
      values: [7, '{"a",NULL,"b\\"c","d\\\\e"}', 7],
    });
  });

  it('writes dates as ISO text and refuses a placeholder without a value', () => {
    expect(toQuestionMarks('select $1', [new Date(0)]).values).toEqual(['1970-01-01T00:00:00.000Z']);
    expect(() => toQuestionMarks('select $2', [1])).toThrow('No value for $2');
  });
});
