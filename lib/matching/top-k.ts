/**
 * The best k items of a stream, best first, without sorting the whole stream: each item is placed by
 * binary search into a list that never grows past k, so n items cost O(n log k) comparisons and O(k)
 * memory. `isBetter` must be a strict total order for the result not to depend on arrival order.
 */
export class TopK<T> {
  readonly #items: T[] = [];
  readonly #capacity: number;
  readonly #isBetter: (left: T, right: T) => boolean;

  constructor(capacity: number, isBetter: (left: T, right: T) => boolean) {
    this.#capacity = capacity;
    this.#isBetter = isBetter;
  }

  /** Whether an item would enter the list; lets callers skip building items that would not. */
  admits(probe: T): boolean {
    if (this.#capacity <= 0) return false;
    const worst = this.#items[this.#items.length - 1];
    return this.#items.length < this.#capacity || worst === undefined || this.#isBetter(probe, worst);
  }

  offer(item: T): void {
    if (!this.admits(item)) return;
    let low = 0;
    let high = this.#items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const resident = this.#items[middle];
      if (resident !== undefined && this.#isBetter(resident, item)) low = middle + 1;
      else high = middle;
    }
    this.#items.splice(low, 0, item);
    if (this.#items.length > this.#capacity) this.#items.pop();
  }

  get items(): readonly T[] {
    return this.#items;
  }
}
