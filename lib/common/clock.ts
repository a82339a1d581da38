/**
 * The time every use case reads. In the cloud it is the system clock; the local runtime's tests set
 * it (a night need answered "in the morning" without waiting for one) with useClock, the same way
 * the outbox is installed for text messages. Pure: no AWS import.
 */
let installed: (() => Date) | undefined;

export function useClock(clock: (() => Date) | undefined): void {
  installed = clock;
}

export function now(): Date {
  return installed ? installed() : new Date();
}
