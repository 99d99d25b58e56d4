// Table tests of the console's wording helpers (web/text.ts, a pure module the browser also loads): when a
// problem's detail only restates its title, counts with their nouns, and the full name a record's owner or
// a dynamic DNS record's name typed into a form becomes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { count, hostName, recordName, restatesTitle, sentence } from './web/text.js';

test('a detail that says what the title says is recognised; one that adds a reason is not', () => {
  for (const [title, detail, restates] of [
    ['Wrong email or password', 'the email or the password is not correct', true],
    ['Too many failed sign-ins', 'too many failed sign-ins; try again in 5 minutes', true],
    ['No such domain', 'no domain x.test in your account', true],
    ['Sign in first', 'sign in first (or send an API token)', true],
    ['The request is not valid', 'Email is required', false],
    ['The change would break the zone', 'www.example.test has an A record, so it cannot have a CNAME', false],
    [
      'The name holds records a dynamic DNS record cannot share',
      'home.example.test has a CNAME record',
      false,
    ],
    ['TTL out of range', 'TTL 5 is outside 30..86400', false],
  ] as const) {
    assert.equal(restatesTitle(title, detail), restates, `${title} / ${detail}`);
  }
});

test('API messages become sentences; a leading domain name keeps its case', () => {
  assert.equal(
    sentence('the email or the password is not correct'),
    'The email or the password is not correct.',
  );
  assert.equal(sentence('Email is required'), 'Email is required.');
  assert.equal(sentence('sign in first.'), 'Sign in first.');
  assert.equal(
    sentence('sub.home.test is below the delegation at home.test'),
    'sub.home.test is below the delegation at home.test.',
  );
  assert.equal(sentence('"bad name" is not a valid host name'), '"bad name" is not a valid host name.');
  assert.equal(sentence('"x.test": label must be letters'), '"x.test": label must be letters.');
});

test('counts take the singular for one', () => {
  assert.equal(count(1, 'update'), '1 update');
  assert.equal(count(5, 'update'), '5 updates');
  assert.equal(count(0, 'unchanged request'), '0 unchanged requests');
});

test('record owners follow the zone-file rule: relative names get the domain appended', () => {
  const zone = 'home.test';
  for (const [typed, fqdn, inside] of [
    ['', 'home.test', true],
    ['@', 'home.test', true],
    ['www', 'www.home.test', true],
    [' www ', 'www.home.test', true],
    ['www.other.test', 'www.other.test.home.test', true],
    ['www.home.test', 'www.home.test.home.test', true],
    ['www.home.test.', 'www.home.test', true],
    ['WWW.Home.Test.', 'WWW.Home.Test', true],
    ['www.other.test.', 'www.other.test', false],
  ] as const) {
    assert.deepEqual(recordName(typed, zone), { fqdn, inZone: inside }, typed);
  }
});

test('dynamic DNS names as the API reads them: a name already ending in the domain is taken as it is', () => {
  const zone = 'home.test';
  for (const [typed, fqdn, inside] of [
    ['', 'home.test', true],
    ['@', 'home.test', true],
    ['nas', 'nas.home.test', true],
    ['nas.home.test', 'nas.home.test', true],
    ['nas.home.test.', 'nas.home.test', true],
    ['nas.other.test', 'nas.other.test.home.test', true],
    ['nas.other.test.', 'nas.other.test', false],
  ] as const) {
    assert.deepEqual(hostName(typed, zone), { fqdn, inZone: inside }, typed);
  }
});
