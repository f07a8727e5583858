/** A WAL position, `X/Y` in PostgreSQL's notation, as one comparable number. */
export type Lsn = bigint;

export function parseLsn(text: string | null | undefined): Lsn | undefined {
  const match = text ? /^([0-9A-F]+)\/([0-9A-F]+)$/i.exec(text) : null;
  return match ? (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`) : undefined;
}

export function formatLsn(lsn: Lsn): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}
