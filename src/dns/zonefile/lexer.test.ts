import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZoneLexer } from './lexer.js';

// [input, entries as "line|omitted|tokens" with quoted tokens in «»]
const cases: Array<[string, string[]]> = [
  ['a b c', ['1||a b c']],
  ['a ; comment\n\n  b', ['1||a', '3|omitted|b']],
  ['a ( b\n c ) d\ne', ['1||a b c d', '3||e']],
  ['a "x ; y" z', ['1||a «x ; y» z']],
  ['a "q\\"uote" b', ['1||a «q\\"uote» b']],
  ['a\\ b c', ['1||a\\ b c']],
  ['a\\;b ;c', ['1||a\\;b']],
  ['a"b"c', ['1||a «b» c']],
  ['\tx\r\ny', ['1|omitted|x', '2||y']],
  ['; only comments\n  ; indented comment\n', []],
  ['a (\n; comment inside\n b )', ['1||a b']],
  ['x ""', ['1||x «»']],
];

for (const [input, expected] of cases) {
  test(`lexer ${JSON.stringify(input)}`, () => {
    const lexer = new ZoneLexer(input);
    const got: string[] = [];
    for (let e = lexer.next(); e !== undefined; e = lexer.next()) {
      const tokens = e.tokens.map((t) => (t.quoted ? `«${t.text}»` : t.text)).join(' ');
      got.push(`${e.line}|${e.ownerOmitted ? 'omitted' : ''}|${tokens}`);
    }
    assert.deepEqual(got, expected);
  });
}
