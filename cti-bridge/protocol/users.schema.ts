import { z } from 'zod';
import { roleSchema } from './http.schema';

/**
 * Strong-password rules for accounts an admin creates or resets: long enough, three of four character kinds, not
 * the username. Pure, so the console checks as the admin types and the bridge checks again on the way in.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
export const passwordProblemCodes = ['too-short', 'too-long', 'too-simple', 'contains-username'] as const;
export type PasswordProblem = (typeof passwordProblemCodes)[number];

export function passwordProblems(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push('too-short');
  if (password.length > PASSWORD_MAX_LENGTH) problems.push('too-long');
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((kind) => kind.test(password)).length;
  if (kinds < 3) problems.push('too-simple');
  const name = username.trim().toLowerCase();
  if (name.length >= 3 && password.toLowerCase().includes(name)) problems.push('contains-username');
  return problems;
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;
const displayNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((text) => !controlCharacter.test(text), { message: 'must not contain control characters' });

/** Login names double as SIP usernames (`sip:<username>@domain`): lower-case letters, digits, `.`, `_`, `-`. */
export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, 'use 2–32 lower-case letters, digits, ".", "_" or "-"');

/** A password as it travels; its strength is judged by `passwordProblems` (answered as WEAK_PASSWORD). */
const passwordSchema = z.string().min(1).max(PASSWORD_MAX_LENGTH);

export const userAdminViewSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  /** The softphone's SIP identity (its password is issued fresh at each login); null for none. */
  sipUsername: z.string().nullable(),
  skills: z.array(z.string()),
  createdAt: z.number().int(),
});
export type UserAdminView = z.infer<typeof userAdminViewSchema>;

export const createUserSchema = z.object({
  username: usernameSchema,
  displayName: displayNameSchema,
  role: roleSchema,
  password: passwordSchema,
});
export type CreateUser = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .object({ displayName: displayNameSchema.optional(), role: roleSchema.optional() })
  .refine((patch) => patch.displayName !== undefined || patch.role !== undefined, {
    message: 'change displayName or role',
  });
export type UpdateUser = z.infer<typeof updateUserSchema>;

export const resetPasswordSchema = z.object({ password: passwordSchema });
export type ResetPassword = z.infer<typeof resetPasswordSchema>;

export const userListSchema = z.object({ users: z.array(userAdminViewSchema) });
