// RFC 8628 §3.5 on the server side: a device that polls the token endpoint with its device code
// sooner than the polling interval after its previous poll is answered `slow_down` (and must then
// wait 5 s longer). oidc-provider 9 never sends slow_down itself; real servers do, so clients
// are tested against it. The interval is the RFC's default of 5 s (the device authorization
// response carries no `interval`) unless the server is started with --device-poll-interval: a
// test that must see slow_down chooses a pace no loaded machine can miss (an hour), rather than
// racing a 5 s window.
import { createHash } from 'node:crypto';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const DEFAULT_POLL_INTERVAL_MS = 5000;
// Timer jitter on either side must not turn an honest client's poll into a slow_down.
const TOLERANCE_MS = 250;
const FORGET_AFTER_MS = 15 * 60 * 1000; // longer than a device code lives (600 s)
const MAX_TRACKED = 10000;

export class DevicePollingPace {
  #lastPoll = new Map(); // sha256(device_code) -> ms of the last poll that was let through
  #intervalMs;

  constructor(intervalMs = DEFAULT_POLL_INTERVAL_MS) {
    this.#intervalMs = intervalMs;
  }

  get intervalMs() { return this.#intervalMs; }

  // True when this poll comes too soon after the previous one of the same device code. A poll
  // answered slow_down does not restart the clock (the client's next wait is longer anyway).
  tooSoon(deviceCode, now = Date.now()) {
    const key = createHash('sha256').update(String(deviceCode)).digest('base64url');
    const last = this.#lastPoll.get(key);
    if (last !== undefined && now - last < this.#intervalMs - TOLERANCE_MS) return true;
    this.#forgetOld(now);
    this.#lastPoll.set(key, now);
    return false;
  }

  #forgetOld(now) {
    if (this.#lastPoll.size < MAX_TRACKED) {
      for (const [key, at] of this.#lastPoll) {
        if (now - at > Math.max(FORGET_AFTER_MS, this.#intervalMs)) this.#lastPoll.delete(key);
      }
      return;
    }
    this.#lastPoll.clear(); // bounded memory; at worst one poll of each device goes unchecked
  }
}
