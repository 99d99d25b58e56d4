// Table tests of how the console turns the API's sentences into sentences on the page (web/sentence.ts, a
// pure module the browser also loads): the first letter is upper-cased unless the sentence starts with a
// name, which is shown as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sentence } from './web/sentence.js';

test('an ordinary sentence gets a capital letter and a full stop', () => {
  assert.equal(
    sentence('the email or the password is not correct'),
    'The email or the password is not correct.',
  );
  assert.equal(
    sentence('a dynamic host home.example.test already exists'),
    'A dynamic host home.example.test already exists.',
  );
  assert.equal(sentence('zone name "x y" is empty.'), 'Zone name "x y" is empty.');
  assert.equal(sentence('done!'), 'Done!');
});

test('a sentence that starts with a name keeps the name as written', () => {
  for (const [input, shown] of [
    ['www.demo.test is inside your domain demo.test', 'www.demo.test is inside your domain demo.test.'],
    [
      'x.home.test overlaps a domain that another account hosts here',
      'x.home.test overlaps a domain that another account hosts here.',
    ],
    ['home.example.test has a CNAME record', 'home.example.test has a CNAME record.'],
    ['_sip._tcp.example.test: bad SRV value', '_sip._tcp.example.test: bad SRV value.'],
    ['bob@example.test is taken', 'bob@example.test is taken.'],
    ['2001:db8::1 is not an IPv4 address', '2001:db8::1 is not an IPv4 address.'],
    ['ns1, the name server, is inside the zone', 'ns1, the name server, is inside the zone.'],
    ['"localhost" is a special-use name', '"localhost" is a special-use name.'],
  ] as const) {
    assert.equal(sentence(input), shown);
  }
});
