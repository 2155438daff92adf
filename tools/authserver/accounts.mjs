// The test users (users.json) and the account model oidc-provider asks for.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

const PROFILE_FIELDS = ['name', 'given_name', 'family_name', 'email', 'email_verified', 'regions'];

function digest(text) {
  return createHash('sha256').update(String(text), 'utf8').digest();
}

export class AccountStore {
  #bySub = new Map();
  #byLogin = new Map();

  constructor(users) {
    for (const user of users) {
      if (!user.sub || !user.username || !user.password) {
        throw new Error('users.json: every user needs sub, username and password');
      }
      const record = { ...user, passwordDigest: digest(user.password) };
      delete record.password;
      this.#bySub.set(user.sub, record);
      this.#byLogin.set(user.username.toLowerCase(), record);
      if (user.email) this.#byLogin.set(user.email.toLowerCase(), record);
    }
  }

  static fromFile(file) {
    const parsed = JSON.parse(readFileSync(file, 'utf8'));
    return new AccountStore(parsed.users);
  }

  // Returns the subject id for a correct username (or e-mail) and password, else undefined.
  // Both digests are always compared so a wrong user and a wrong password take the same time.
  authenticate(login, password) {
    const record = this.#byLogin.get(String(login ?? '').trim().toLowerCase());
    const expected = record ? record.passwordDigest : digest('\u0000no such user');
    const matches = timingSafeEqual(expected, digest(password ?? ''));
    return record && matches ? record.sub : undefined;
  }

  profile(sub) {
    const record = this.#bySub.get(sub);
    if (!record) return undefined;
    const profile = { sub };
    for (const field of PROFILE_FIELDS) {
      if (record[field] !== undefined) profile[field] = record[field];
    }
    return profile;
  }

  // oidc-provider's findAccount: the provider filters the claims by granted scopes itself.
  findAccount = async (_ctx, sub) => {
    const profile = this.profile(sub);
    if (!profile) return undefined;
    return {
      accountId: sub,
      claims: async () => ({ ...profile, regions: [...(profile.regions ?? [])] }),
    };
  };
}
