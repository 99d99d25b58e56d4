// Test helpers for the name server's unit tests: query octets built by hand, without the wire encoder.

/** buildTestQuery encodes a plain query (ID 0x1234, RD) for `qname` and `qtype`, optionally with an OPT. */
export function buildTestQuery(
  qname: string,
  qtype: number,
  opts: { edns?: boolean; version?: number } = {},
): Uint8Array {
  const labels = qname.split('.').filter((l) => l.length > 0);
  const name = Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);
  const header = Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, opts.edns ? 1 : 0]);
  const question = Buffer.from([qtype >> 8, qtype & 0xff, 0, 1]);
  const opt = opts.edns
    ? Buffer.from([0, 0, 41, 0x04, 0xd0, 0, opts.version ?? 0, 0, 0, 0, 0])
    : Buffer.alloc(0);
  return Buffer.concat([header, name, question, opt]);
}
