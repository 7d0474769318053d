import { z } from 'zod';
import { CurrencySchema, TimestampSchema, UuidSchema } from './common.js';

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { message: 'Email must be at most 254 characters' })
  .pipe(z.email({ message: 'Must be a valid email address' }))
  .describe('Email address; trimmed and lower-cased');

export const PasswordSchema = z
  .string()
  .min(8, { message: 'Password must be at least 8 characters' })
  .max(256, { message: 'Password must be at most 256 characters' })
  .describe('8..256 characters; the most common passwords are refused');

export const UserSchema = z
  .object({ id: UuidSchema, email: z.string(), createdAt: TimestampSchema })
  .meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;

export const RefreshTransportSchema = z
  .enum(['body', 'cookie'])
  .default('body')
  .describe(
    'Where the refresh token travels: "body" (native apps; returned as refreshToken) or "cookie" ' +
      '(browsers; an httpOnly SameSite=Strict cookie that scripts cannot read)',
  );

export const RegisterBodySchema = z.strictObject({
  email: EmailSchema,
  password: PasswordSchema,
  currency: CurrencySchema.optional().describe('Currency of the personal wallet (default EUR)'),
  refreshTransport: RefreshTransportSchema,
});
export type RegisterBody = z.input<typeof RegisterBodySchema>;

export const LoginBodySchema = z.strictObject({
  email: EmailSchema,
  password: z.string().min(1).max(256),
  refreshTransport: RefreshTransportSchema,
});
export type LoginBody = z.input<typeof LoginBodySchema>;

export const AuthSessionSchema = z
  .object({
    user: UserSchema,
    accessToken: z.string(),
    refreshToken: z
      .string()
      .optional()
      .describe('The refresh token; absent when it was set as an httpOnly cookie instead'),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().describe('Access token lifetime in seconds'),
  })
  .meta({ id: 'AuthSession' });
export type AuthSession = z.infer<typeof AuthSessionSchema>;

export const RefreshBodySchema = z.strictObject({
  refreshToken: z.string().min(1).max(512).optional().describe('Required unless the session uses the refresh cookie'),
});
export type RefreshBody = z.input<typeof RefreshBodySchema>;

export const ChangePasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: PasswordSchema,
});
export type ChangePasswordBody = z.input<typeof ChangePasswordBodySchema>;

export const DeleteAccountBodySchema = z.strictObject({ password: z.string().min(1).max(256) });
export type DeleteAccountBody = z.input<typeof DeleteAccountBodySchema>;
