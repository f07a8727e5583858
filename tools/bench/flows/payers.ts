import type { Credentials } from '../session.js';

/** A paying user: the courses it bought or was refused, and a lock so only one VU fills its cart. */
export interface Payer {
  user: Credentials;
  unavailable: Set<string>;
  /** Registrations of fresh users for this slot once its user bought every paid course. */
  generation: number;
}

/**
 * Paying VUs share the paying users round-robin when there are more VUs than users. A cart is per
 * user, so a user checks out one cart at a time: the VU waits for the user's turn (one person does
 * not check out twice at once); with as many users as paying VUs nobody waits.
 */
export class PayerBook {
  private readonly payers: Payer[];
  private readonly locks: Promise<void>[];

  constructor(users: readonly Credentials[]) {
    this.payers = users.map((user) => ({ user, unavailable: new Set(), generation: 0 }));
    this.locks = users.map(() => Promise.resolve());
  }

  get size(): number {
    return this.payers.length;
  }

  payerFor(vu: number): Payer {
    return this.payers[vu % this.payers.length]!;
  }

  async exclusive<T>(vu: number, work: (payer: Payer) => Promise<T>): Promise<T> {
    const slot = vu % this.payers.length;
    const previous = this.locks[slot]!;
    let release!: () => void;
    this.locks[slot] = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await work(this.payers[slot]!);
    } finally {
      release();
    }
  }
}
