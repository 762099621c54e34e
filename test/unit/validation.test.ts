import { MAX_DISPLAY_NAME, MAX_MESSAGE_LENGTH, nameFromAccount, NEUTRAL_NAME } from '@chat/shared';
import { describe, expect, it } from 'vitest';
import { hiddenCharacters, validateDisplayName, validateMessage } from '../../web/src/lib/validation';

describe('names and titles the rules accept', () => {
  it('refuses, in words, a name with a direction override, an invisible space or a control character', () => {
    for (const name of ['Ana\u202E', 'A\u200Bna', 'Ana\u0007', 'A\u2028na']) {
      expect(validateDisplayName(name)).toMatch(/cannot contain invisible, control or text-direction/);
    }
  });

  it('accepts ordinary names in any script, with accents and emoji', () => {
    for (const name of ['Ana', 'Chloé Dupont', 'محمد', '李雷', 'Ana 🌱']) expect(validateDisplayName(name)).toBeNull();
    expect(hiddenCharacters('A topic', 'Green things, and more')).toBeNull();
  });
});

describe('the name a profile takes from an account', () => {
  it('keeps an acceptable name as it is', () => {
    expect(nameFromAccount('Grace Hopper')).toBe('Grace Hopper');
    expect(nameFromAccount('  李雷 ')).toBe('李雷');
  });

  it('drops what the rules refuse in a name, and never splits a character at the length cut', () => {
    expect(nameFromAccount('Gra\u202Ece\u200B Hopper')).toBe('Grace Hopper');
    const long = `${'a'.repeat(MAX_DISPLAY_NAME - 1)}🌱🌱`;
    expect(nameFromAccount(long)).toBe('a'.repeat(MAX_DISPLAY_NAME - 1));
    expect(nameFromAccount('b'.repeat(MAX_DISPLAY_NAME + 5))).toHaveLength(MAX_DISPLAY_NAME);
    for (const name of [nameFromAccount(long), nameFromAccount(`${'c'.repeat(38)}🌱x`)]) {
      expect(name.length).toBeLessThanOrEqual(MAX_DISPLAY_NAME);
      expect(validateDisplayName(name)).toBeNull();
    }
  });

  it('is the neutral name when nothing visible is left, never a part of an e-mail address', () => {
    for (const name of [null, undefined, '', '   ', '\u3000\u00A0', '\u202E\u200B']) {
      expect(nameFromAccount(name)).toBe(NEUTRAL_NAME);
    }
  });
});

describe('the one check of a message before it is sent', () => {
  const ready = { state: 'ready' as const, error: '' };

  it('needs words or a file, within the length the rules allow, in one wording', () => {
    expect(validateMessage('  ')).toBe('A message cannot be empty.');
    expect(validateMessage('hi')).toBeNull();
    expect(validateMessage('', ready)).toBeNull();
    const long = 'x'.repeat(MAX_MESSAGE_LENGTH + 1);
    const words = `A message can have at most ${MAX_MESSAGE_LENGTH} characters (this one has ${MAX_MESSAGE_LENGTH + 1}).`;
    expect(validateMessage(long)).toBe(words);
    expect(validateMessage(long, ready)).toBe(words);
    expect(validateMessage(` ${'x'.repeat(MAX_MESSAGE_LENGTH)} `, ready)).toBeNull();
  });

  it('waits for a file being prepared and passes on why a file cannot go', () => {
    expect(validateMessage('hi', { state: 'preparing', error: '' })).toBe('The file is still being prepared.');
    expect(validateMessage('hi', { state: 'failed', error: 'Files can be at most 5 MB.' })).toBe('Files can be at most 5 MB.');
    expect(validateMessage('hi', { state: 'failed', error: '' })).toBe('This file cannot be sent.');
  });
});
