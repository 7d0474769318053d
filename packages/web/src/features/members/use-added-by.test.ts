import { describe, expect, it } from 'vitest';
import { authorLabel } from './use-added-by.js';

const ME = 'user-me';
const emails = new Map([
  [ME, 'me@example.com'],
  ['user-bo', 'bo@example.com'],
]);

describe('authorLabel', () => {
  it('says "you" for the user’s own expenses, confirmed or still on their way', () => {
    expect(authorLabel({ createdBy: ME, version: 4 }, ME, emails)).toBe('you');
    expect(authorLabel({ createdBy: null, version: 0 }, ME, emails)).toBe('you');
  });

  it('names another member by email, and someone no longer listed as a former member', () => {
    expect(authorLabel({ createdBy: 'user-bo', version: 2 }, ME, emails)).toBe('bo@example.com');
    expect(authorLabel({ createdBy: 'user-gone', version: 2 }, ME, emails)).toBe('a former member');
  });

  it('says "deleted account" when the server no longer knows the author', () => {
    expect(authorLabel({ createdBy: null, version: 3 }, ME, emails)).toBe('deleted account');
  });
});
