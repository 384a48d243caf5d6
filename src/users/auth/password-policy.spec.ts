import { validate } from 'class-validator';
import { COMMON_PASSWORDS } from './common-passwords.js';
import {
  IsAcceptablePassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblems,
} from './password-policy.js';

const context = { email: 'Islay.Fan@example.com', displayName: 'Dram Collector' };

describe('passwordProblems', () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordProblems('heather honey on oak', context)).toEqual([]);
  });

  it('refuses a password shorter than the minimum', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(10);
    expect(passwordProblems('a'.repeat(9))).toEqual(['Password must have at least 10 characters']);
    expect(passwordProblems('b'.repeat(10))).toEqual([]);
  });

  it('accepts 256 characters and refuses 257', () => {
    expect(PASSWORD_MAX_LENGTH).toBe(256);
    expect(passwordProblems('c'.repeat(256))).toEqual([]);
    expect(passwordProblems('c'.repeat(257))).toEqual(['Password must have at most 256 characters']);
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    const nineEmoji = '🥃'.repeat(9);
    expect(nineEmoji.length).toBe(18);
    expect(passwordProblems(nineEmoji)).toHaveLength(1);
    expect(passwordProblems('🥃'.repeat(10))).toEqual([]);
    expect(passwordProblems('威士忌'.repeat(85) + '酒')).toEqual([]);
    expect(passwordProblems('🥃'.repeat(256))).toEqual([]);
    expect(passwordProblems('🥃'.repeat(257))).toEqual(['Password must have at most 256 characters']);
  });

  it('counts a decomposed accent as part of its letter', () => {
    const fiveDecomposed = 'e\u0301'.repeat(5);
    expect(fiveDecomposed.length).toBe(10);
    expect(passwordProblems(fiveDecomposed)).toEqual(['Password must have at least 10 characters']);
  });

  it.each(['password123', 'QwertyUiop', '1234567890', 'WhiskeyLover', 'Letmein123'])(
    'refuses the common password %s whatever its case',
    (password) => {
      expect(passwordProblems(password)).toEqual([
        'Password is one of the most commonly used passwords and would be guessed quickly',
      ]);
    },
  );

  it('refuses the email address, its local part and the display name, whatever their case', () => {
    expect(passwordProblems('islay.fan@EXAMPLE.com', context)).toEqual([
      'Password must not be your email address',
    ]);
    expect(passwordProblems('ISLAY.FAN.', { email: 'islay.fan.@example.com' })).toEqual([
      'Password must not be the part of your email address before the @',
    ]);
    expect(passwordProblems('dram collector', context)).toEqual(['Password must not be your display name']);
  });

  it('lists every problem at once', () => {
    expect(passwordProblems('Dram', { displayName: 'dram' })).toEqual([
      'Password must have at least 10 characters',
      'Password must not be your display name',
    ]);
  });

  it('ships a well-formed list of common passwords', () => {
    expect(COMMON_PASSWORDS.length).toBeGreaterThanOrEqual(300);
    expect(COMMON_PASSWORDS.length).toBeLessThanOrEqual(1000);
    expect(new Set(COMMON_PASSWORDS).size).toBe(COMMON_PASSWORDS.length);
    for (const entry of COMMON_PASSWORDS) {
      expect(entry).toBe(entry.toLowerCase());
      expect([...entry].length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
    }
  });
});

describe('IsAcceptablePassword', () => {
  class SignUpDto {
    @IsAcceptablePassword()
    password: unknown;
  }

  function dto(password: unknown): SignUpDto {
    return Object.assign(new SignUpDto(), { password });
  }

  it('accepts an acceptable password', async () => {
    expect(await validate(dto('heather honey on oak'))).toEqual([]);
  });

  it('refuses a common password with the problems as message', async () => {
    const [error, ...others] = await validate(dto('Password123'));
    expect(others).toEqual([]);
    expect(error?.property).toBe('password');
    expect(error?.constraints).toEqual({
      isAcceptablePassword:
        'Password is one of the most commonly used passwords and would be guessed quickly',
    });
  });

  it('refuses a short password', async () => {
    const [error] = await validate(dto('short'));
    expect(error?.constraints).toEqual({
      isAcceptablePassword: 'Password must have at least 10 characters',
    });
  });

  it('refuses a value that is not a string', async () => {
    const [error] = await validate(dto(1234567890));
    expect(error?.constraints).toEqual({ isAcceptablePassword: 'password must be a string' });
  });
});
